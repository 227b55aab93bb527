"""The import pages: upload, mapping, preview with row errors, confirm, progress and result."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from absences.importing.mapping import WILMA_HEADER
from absences.models import AbsenceDay, AbsenceImport, AccessLogEntry, ColumnMapping, Pupil

from .helpers import day_file, verified_client

pytestmark = pytest.mark.django_db

GOOD = ["1001;Aino;Aalto;7A;2026-09-01;6;2;0;0", "1002;Eero;Eskola;7B;2026-09-02;6;0;1;0"]


def post_file(client, city, content: bytes, name: str = "poissa.csv", school=None):
    return client.post(
        reverse("absence_import_new"),
        {
            "school": (school or city.school).pk,
            "school_year": city.year.pk,
            "file": SimpleUploadedFile(name, content, content_type="text/csv"),
        },
    )


def test_principal_uploads_previews_and_imports(city, client, django_capture_on_commit_callbacks):
    client = verified_client(client, city.principal)
    assert client.get(reverse("absence_import_new")).status_code == 200
    response = post_file(client, city, day_file(GOOD))
    imp = AbsenceImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "absence_import_mapping", args=[imp.pk]
    )
    page = client.get(reverse("absence_import_mapping", args=[imp.pk]))
    assert page.status_code == 200 and "oppilas_id" in page.content.decode()

    detail = client.get(reverse("absence_import_detail", args=[imp.pk]))
    html = detail.content.decode()
    assert detail.status_code == 200 and "Aino Aalto" in html and 'id="pupils-new">2<' in html
    assert AccessLogEntry.objects.filter(user=city.principal, school=city.school).count() == 1
    assert not AbsenceDay.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("absence_import_confirm", args=[imp.pk]))
    assert response.status_code == 302
    imp.refresh_from_db()
    assert (imp.state, imp.rows_new) == ("done", 2)
    html = client.get(reverse("absence_import_detail", args=[imp.pk])).content.decode()
    assert 'id="result"' in html and "refresh" not in html
    assert imp.filename in client.get(reverse("absence_import_list")).content.decode()


def test_a_running_import_page_refreshes_itself(city, client):
    client = verified_client(client, city.principal)
    post_file(client, city, day_file(GOOD))
    AbsenceImport.objects.update(state="running", rows_done=1, rows_total=2)
    html = client.get(
        reverse("absence_import_detail", args=[AbsenceImport.objects.get().pk])
    ).content.decode()
    assert 'http-equiv="refresh"' in html and 'value="50"' in html


def test_row_errors_are_listed_with_line_numbers_and_no_confirm(city, client):
    client = verified_client(client, city.principal)
    post_file(client, city, day_file([*GOOD, "1003;Ilona;Ilola;7A;2026-09-03;4;3;2;0"]))
    imp = AbsenceImport.objects.get()
    html = client.get(reverse("absence_import_detail", args=[imp.pk])).content.decode()
    assert 'id="errors"' in html and reverse("absence_import_confirm", args=[imp.pk]) not in html
    client.post(reverse("absence_import_confirm", args=[imp.pk]))
    imp.refresh_from_db()
    assert imp.state == "preview" and not AbsenceDay.objects.exists()


def test_wilma_button_and_mapping_form(city, client):
    client = verified_client(client, city.principal)
    header = ";".join(["id", *WILMA_HEADER[1:]])
    post_file(client, city, day_file(["W1;Aalto;Aino;7A;Ope;1.9.2026;1;MA;Selvitetty;"], header=header))
    imp = AbsenceImport.objects.get()
    client.post(reverse("absence_import_mapping", args=[imp.pk]), {"ready": "wilma"})
    imp.refresh_from_db()
    assert imp.mapping["columns"]["absence_class"] == "Selvitys"
    data = {f"col_{k}": v for k, v in imp.mapping["columns"].items()} | {
        "col_pupil_id": "id",
        "value_0": "excused",
    }
    response = client.post(reverse("absence_import_mapping", args=[imp.pk]), data)
    assert response.status_code == 302
    imp.refresh_from_db()
    assert imp.mapping["columns"]["pupil_id"] == "id" and imp.mapping["values"] == {"Selvitetty": "excused"}
    assert ColumnMapping.objects.get(school=city.school).mapping == imp.mapping


def test_too_large_file_is_refused(city, client, settings):
    settings.ABSENCE_IMPORT_MAX_BYTES = 100
    client = verified_client(client, city.principal)
    response = post_file(client, city, day_file(GOOD * 10))
    assert response.status_code == 400 and not AbsenceImport.objects.exists()


def test_a_teacher_cannot_import(city, client):
    client = verified_client(client, city.teacher)
    assert client.get(reverse("absence_import_new")).status_code == 403
    assert post_file(client, city, day_file(GOOD)).status_code == 403
    assert client.get(reverse("absence_import_list")).status_code == 403
    assert not AbsenceImport.objects.exists() and not Pupil.objects.exists()


def test_another_citys_school_and_import_are_404(city, other_city, client):
    client = verified_client(client, other_city.principal)
    response = post_file(client, city, day_file(GOOD))
    assert response.status_code in (400, 404) and not AbsenceImport.objects.exists()
    own = verified_client(client, city.principal)
    post_file(own, city, day_file(GOOD))
    imp = AbsenceImport.objects.get()
    stranger = verified_client(client, other_city.principal)
    for name in ("absence_import_detail", "absence_import_mapping"):
        assert stranger.get(reverse(name, args=[imp.pk])).status_code == 404
    assert stranger.post(reverse("absence_import_confirm", args=[imp.pk])).status_code == 404
