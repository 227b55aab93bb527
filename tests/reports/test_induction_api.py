"""The induction pack API: ask (POST), follow the progress (GET), download the PDF (binary); refusals
write nothing; another municipality's ids are 404."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from reports.models import InductionPack, PackStatus
from roles.models import RoleKey
from tests.factories import assign, member, role

from .induction_data import build, pdf_text

pytestmark = pytest.mark.django_db

PACKS = "/api/v1/induction-packs/"


@pytest.fixture
def api():
    def make(user) -> APIClient:
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


@pytest.fixture
def pack_school(city):
    return build(city)


def body(city, **extra) -> dict:
    return {"school": city.school.pk, "school_year": city.year.pk, **extra}


def test_ask_follow_and_download(city, pack_school, api, django_capture_on_commit_callbacks):
    client = api(city.principal)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(PACKS, body(city), format="json")
    assert response.status_code == 202, response.json()
    data = response.json()
    assert data["status"] == "queued" and data["progress"] == 0 and data["download_url"] is None
    assert len(callbacks) == 1
    callbacks[0]()  # the worker prints it (eager)
    status = client.get(data["url"]).json()
    assert status["status"] == "ready" and status["progress"] == 100 and status["pages"] > 5
    response = client.get(status["download_url"])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert city.school.name in pdf_text(response.content)
    assert client.get(status["download_url"], HTTP_ACCEPT="application/pdf").status_code == 200
    # Unchanged: answered at once from storage, nothing queued.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = client.post(PACKS, body(city), format="json")
    assert again.status_code == 200 and again.json()["id"] == data["id"] and callbacks == []
    listed = client.get(PACKS).json()
    assert [row["id"] for row in listed["results"]] == [data["id"]]


def test_download_before_ready_is_a_409(city, pack_school, api, django_capture_on_commit_callbacks):
    client = api(city.teacher)
    with django_capture_on_commit_callbacks(execute=False):
        data = client.post(
            PACKS, body(city, role=role(city.municipality, RoleKey.TEACHER).pk), format="json"
        ).json()
    response = client.get(f"{PACKS}{data['id']}/download/")
    assert response.status_code == 409 and response.json()["status"] == "queued"


def test_refusals(city, other_city, pack_school, api, django_capture_on_commit_callbacks):
    outsider = member(city.municipality)
    assign(outsider, city.other_school, RoleKey.TEACHER, city.year)
    with django_capture_on_commit_callbacks(execute=True):
        assert api(outsider).post(PACKS, body(city), format="json").status_code == 403
        foreign = api(other_city.principal)
        response = foreign.post(PACKS, body(city), format="json")
        assert response.status_code == 400 and "school" in response.json()
        assert api(city.principal).post(PACKS, {"school": "x"}, format="json").status_code == 400
        assert (
            api(city.principal)
            .post(PACKS, body(city, role=role(other_city.municipality, RoleKey.TEACHER).pk), format="json")
            .status_code
            == 400
        )
    assert not InductionPack.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        pack_id = api(city.principal).post(PACKS, body(city), format="json").json()["id"]
    assert InductionPack.objects.get().status == PackStatus.READY
    for url in (f"{PACKS}{pack_id}/", f"{PACKS}{pack_id}/download/"):
        assert api(other_city.coordinator).get(url).status_code == 404
        assert api(outsider).get(url).status_code == 403
    assert api(outsider).get(PACKS).json()["results"] == []
    assert [r["id"] for r in api(city.coordinator).get(PACKS).json()["results"]] == [pack_id]
