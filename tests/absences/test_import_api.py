"""/api/v1/absence-imports/: upload, preview with errors, mapping, confirm; the second factor; scoping."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from absences.models import AbsenceDay, AbsenceImport, AccessLogEntry

from .helpers import day_file, verified_client

pytestmark = pytest.mark.django_db

URL = "/api/v1/absence-imports/"
GOOD = ["1001;Aino;Aalto;7A;2026-09-01;6;2;0;0", "1002;Eero;Eskola;7B;2026-09-02;6;0;1;0"]


def api_for(user) -> APIClient:
    return verified_client(APIClient(), user)


def create(client, city, content: bytes, school=None):
    return client.post(
        URL,
        {
            "school": (school or city.school).pk,
            "school_year": city.year.pk,
            "file": SimpleUploadedFile("p.csv", content),
        },
        format="multipart",
    )


def test_upload_preview_and_confirm(city, django_capture_on_commit_callbacks):
    client = api_for(city.principal)
    response = create(client, city, day_file(GOOD))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "preview" and body["delimiter"] == ";"
    assert body["preview"]["day_count"] == 2 and body["preview"]["pupils_new"] == ["1001", "1002"]
    assert AccessLogEntry.objects.filter(via="api").count() == 1
    pk = body["id"]
    listed = client.get(URL).json()
    assert [i["id"] for i in (listed["results"] if isinstance(listed, dict) else listed)] == [pk]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{URL}{pk}/confirm/")
    assert response.status_code == 202
    done = client.get(f"{URL}{pk}/").json()
    assert (done["state"], done["rows_done"], done["rows_new"], done["preview"]) == ("done", 2, 2, None)
    assert AbsenceDay.objects.count() == 2


def test_errors_and_mapping(city):
    client = api_for(city.principal)
    body = create(client, city, b"tunnus;etu;suku;ryhma;paiva;tyyppi\nX1;Aino;Aalto;7A;1.9.2026;S\n").json()
    assert body["preview"]["error_count"] > 0 and body["preview"]["errors"][0]["line"] == 1
    assert client.post(f"{URL}{body['id']}/confirm/").status_code == 400
    mapping = {
        "columns": {"pupil_id": "tunnus", "first_name": "etu", "last_name": "suku", "group_name": "ryhma",
                    "date": "paiva", "absence_class": "tyyppi"},
        "values": {"S": "excused"},
    }  # fmt: skip
    response = client.post(f"{URL}{body['id']}/mapping/", mapping, format="json")
    assert response.status_code == 200 and response.json()["preview"]["error_count"] == 0


def test_second_factor_is_required(city):
    client = APIClient()
    client.force_login(city.principal)
    assert client.get(URL).status_code == 403
    assert create(client, city, day_file(GOOD)).status_code == 403
    assert not AbsenceImport.objects.exists()


def test_teacher_403_and_other_city_404(city, other_city):
    assert create(api_for(city.teacher), city, day_file(GOOD)).status_code == 403
    assert create(api_for(other_city.principal), city, day_file(GOOD)).status_code == 404
    assert not AbsenceImport.objects.exists()
    pk = create(api_for(city.principal), city, day_file(GOOD)).json()["id"]
    assert api_for(other_city.principal).get(f"{URL}{pk}/").status_code == 404
    assert api_for(other_city.principal).post(f"{URL}{pk}/confirm/").status_code == 404


def test_too_large_is_refused(city, settings):
    settings.ABSENCE_IMPORT_MAX_BYTES = 100
    response = create(api_for(city.principal), city, day_file(GOOD * 10))
    assert response.status_code == 400 and "file" in response.json()
    assert not AbsenceImport.objects.exists()


def test_token_clients_prove_the_second_factor_with_x_otp(city):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from rest_framework.authtoken.models import Token

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=city.principal).key}")
    assert client.get(URL).status_code == 403
    device = TOTPDevice.objects.create(user=city.principal, name="phone", confirmed=True)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    assert client.get(URL, HTTP_X_OTP=code).status_code == 200
