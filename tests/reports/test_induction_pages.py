"""The induction pack's pages: prepare, follow the progress, download; who may; another municipality's
ids are 404; constant queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reports.models import InductionPack, PackStatus
from roles.models import RoleKey
from tests.factories import assign, member, role
from tests.helpers import assert_queries_constant

from .induction_data import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def pack_school(city):
    return build(city)


def page(city, **extra) -> str:
    params = {"school": city.school.pk, "year": city.year.pk, **extra}
    return reverse("induction_pack") + "?" + "&".join(f"{k}={v}" for k, v in params.items())


def prepare(client, city, capture, **extra):
    with capture(execute=True):
        return client.post(
            reverse("induction_pack"), {"school": city.school.pk, "year": city.year.pk, **extra}
        )


def test_principal_prepares_and_downloads(city, pack_school, as_user, django_capture_on_commit_callbacks):
    client = as_user(city.principal)
    response = client.get(page(city))
    assert response.status_code == 200
    assert "Kokoa perehdytyspaketti" in response.content.decode()
    response = prepare(client, city, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == page(city)
    pack = InductionPack.objects.get(school=city.school, school_year=city.year, role=None)
    assert pack.status == PackStatus.READY
    body = client.get(page(city)).content.decode()
    download = reverse("induction_pack_download", args=[pack.pk])
    assert download in body and "Perehdytyspaketti on valmis" in body
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{pack.filename}"'
    assert response.content.startswith(b"%PDF")


def test_a_pack_in_progress_polls_and_falls_back_to_a_reload(city, pack_school, as_user, actor_for):
    """Queued (the worker has not run): htmx polls the status fragment; without JavaScript a meta refresh."""
    from reports.induction import services

    services.request_pack(actor_for(city.principal), city.school, city.year)  # on_commit never runs here
    pack = InductionPack.objects.get()
    assert pack.status == PackStatus.QUEUED
    client = as_user(city.teacher)
    body = client.get(page(city)).content.decode()
    status_url = reverse("induction_pack_status", args=[pack.pk])
    assert f'hx-get="{status_url}"' in body and 'hx-trigger="every 2s"' in body
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in body
    fragment = client.get(status_url, HTTP_HX_REQUEST="true")
    assert (
        fragment.status_code == 200 and b"<progress" in fragment.content and b"<html" not in fragment.content
    )
    # A plain request for the fragment goes to the page; a download of an unfinished pack too.
    assert client.get(status_url)["Location"] == page(city)
    assert client.get(reverse("induction_pack_download", args=[pack.pk]))["Location"] == page(city)


def test_a_ready_fragment_stops_polling(city, pack_school, as_user, django_capture_on_commit_callbacks):
    client = as_user(city.principal)
    prepare(client, city, django_capture_on_commit_callbacks)
    pack = InductionPack.objects.get()
    fragment = client.get(reverse("induction_pack_status", args=[pack.pk]), HTTP_HX_REQUEST="true").content
    assert (
        b"hx-trigger" not in fragment
        and reverse("induction_pack_download", args=[pack.pk]).encode() in fragment
    )


def test_a_stale_pack_says_so(city, pack_school, as_user, actor_for, django_capture_on_commit_callbacks):
    client = as_user(city.principal)
    prepare(client, city, django_capture_on_commit_callbacks)
    city.school.name = "Uusi nimi"
    city.school.save()
    assert "Paketin sisältö on muuttunut" in client.get(page(city)).content.decode()


def test_a_role_goes_into_its_own_pack(city, pack_school, as_user, django_capture_on_commit_callbacks):
    nurse = role(city.municipality, RoleKey.SCHOOL_NURSE)
    client = as_user(city.nurse)
    response = prepare(client, city, django_capture_on_commit_callbacks, role=nurse.pk)
    assert response["Location"] == page(city, role=nurse.pk)
    assert InductionPack.objects.get().role == nurse


def test_teacher_of_another_school_is_refused(city, pack_school, as_user, django_capture_on_commit_callbacks):
    outsider = member(city.municipality)
    assign(outsider, city.other_school, RoleKey.TEACHER, city.year)
    client = as_user(outsider)
    assert prepare(client, city, django_capture_on_commit_callbacks).status_code == 403
    assert not InductionPack.objects.exists()
    body = client.get(page(city)).content.decode()
    assert city.school.name not in body.split("<main")[1].split("pack-school")[-1]  # not offered
    # A pack of that school made by its principal: neither its state nor its PDF.
    prepare(as_user(city.principal), city, django_capture_on_commit_callbacks)
    pack = InductionPack.objects.get()
    client = as_user(outsider)
    assert client.get(reverse("induction_pack_download", args=[pack.pk])).status_code == 403
    assert (
        client.get(reverse("induction_pack_status", args=[pack.pk]), HTTP_HX_REQUEST="true").status_code
        == 403
    )


def test_another_municipality_is_not_found(
    city, other_city, pack_school, as_user, django_capture_on_commit_callbacks
):
    prepare(as_user(city.principal), city, django_capture_on_commit_callbacks)
    pack = InductionPack.objects.get()
    client = as_user(other_city.coordinator)
    assert client.get(reverse("induction_pack_download", args=[pack.pk])).status_code == 404
    assert (
        client.get(reverse("induction_pack_status", args=[pack.pk]), HTTP_HX_REQUEST="true").status_code
        == 404
    )
    assert client.get(page(city)).status_code == 404
    assert client.get(page(other_city, school=city.school.pk)).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("induction_pack"), {"school": city.school.pk, "year": other_city.year.pk}
        )
    assert response.status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("induction_pack"), {"school": other_city.school.pk, "year": city.year.pk}
        )
    assert response.status_code == 404
    assert InductionPack.objects.count() == 1


def test_bad_input_is_a_message_or_a_404(city, pack_school, as_user, django_capture_on_commit_callbacks):
    client = as_user(city.principal)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("induction_pack"), {"year": city.year.pk}, follow=True)
    assert "Valitse koulu ja lukuvuosi." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            client.post(reverse("induction_pack"), {"school": "x", "year": city.year.pk}).status_code == 404
        )
        assert (
            client.post(reverse("induction_pack"), {"school": city.school.pk, "role": "99999999"}).status_code
            == 404
        )
    assert not InductionPack.objects.exists()


def test_the_page_takes_constant_queries(city, pack_school, as_user, django_capture_on_commit_callbacks):
    client = as_user(city.coordinator)
    prepare(client, city, django_capture_on_commit_callbacks)

    def grow():
        for _ in range(5):
            assign(member(city.municipality), city.school, RoleKey.SCHOOL_NURSE, city.year)
        from tests.factories import SchoolFactory

        for _ in range(5):
            SchoolFactory(municipality=city.municipality)

    assert_queries_constant(lambda: client.get(page(city)), grow, at_most=40)
