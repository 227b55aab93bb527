"""The import services end to end: upload → preview → mapping → confirm → the task's all-or-nothing write."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum

from absences.importing import commit
from absences.importing.mapping import WILMA_HEADER
from absences.models import AbsenceDay, AbsenceImport, ColumnMapping, ImportState, Pupil, PupilMonth
from absences.services import imports

from .helpers import DAY_HEADER, day_file, xlsx_file

pytestmark = pytest.mark.django_db

GOOD = [
    "1001;Aino;Aalto;7A;2026-09-01;6;2;0;0",
    "1001;Aino;Aalto;7A;2026-09-02;6;0;1;0",
    "1001;Aino;Aalto;7A;1.10.2026;5;0;0;1",
    "1002;Eero;Eskola;7B;2026-09-01;6;0;0;0",
    "1002;Eero;Eskola;7B;2026-10-02;7;3;3;1",
]


def upload(city, actor_for, content: bytes, filename: str = "poissa.csv") -> AbsenceImport:
    return imports.import_upload(actor_for(city.principal), city.school, city.year, filename, content)


def run(city, actor_for, imp: AbsenceImport, django_capture_on_commit_callbacks) -> AbsenceImport:
    with django_capture_on_commit_callbacks(execute=True):
        imports.import_confirm(actor_for(city.principal), imp)
    return AbsenceImport.objects.get(pk=imp.pk)


def test_a_day_file_is_previewed_then_imported(city, actor_for, django_capture_on_commit_callbacks):
    Pupil.objects.create(
        municipality=city.municipality, school=city.school, source_id="1002", first_name="Eero",
        last_name="Eskola", group_name="7B",
    )  # fmt: skip
    imp = upload(city, actor_for, day_file(GOOD))
    assert (imp.state, imp.encoding, imp.delimiter, imp.rows_total) == ("preview", "utf-8", ";", 5)
    preview = imports.import_preview(imp)
    assert preview.ok and preview.day_count == 5 and preview.rows == 5
    assert preview.pupils_new == ["1001"] and preview.pupils_existing == 1
    assert (preview.date_first, preview.date_last) == (datetime.date(2026, 9, 1), datetime.date(2026, 10, 2))
    assert AbsenceDay.objects.count() == 0  # a preview writes nothing

    done = run(city, actor_for, imp, django_capture_on_commit_callbacks)
    assert (done.state, done.rows_total, done.rows_done, done.rows_new) == ("done", 5, 5, 5)
    assert done.finished_at is not None
    aino = Pupil.objects.get(school=city.school, source_id="1001")
    assert (aino.first_name, aino.group_name) == ("Aino", "7A")
    assert AbsenceDay.objects.filter(pupil=aino).count() == 3


def test_pupil_months_equal_the_day_rows(city, actor_for, django_capture_on_commit_callbacks):
    run(city, actor_for, upload(city, actor_for, day_file(GOOD)), django_capture_on_commit_callbacks)
    months = {(m.pupil.source_id, m.month): m for m in PupilMonth.objects.select_related("pupil")}
    assert len(months) == 4
    sept = months[("1001", datetime.date(2026, 9, 1))]
    assert (sept.days, sept.lessons_held, sept.excused, sept.unexcused, sept.other) == (2, 12, 2, 1, 0)
    assert sept.held_known
    for field in ("lessons_held", "excused", "unexcused", "other"):
        assert (
            PupilMonth.objects.aggregate(s=Sum(field))["s"] == AbsenceDay.objects.aggregate(s=Sum(field))["s"]
        )


def test_the_same_data_again_writes_nothing_new(city, actor_for, django_capture_on_commit_callbacks):
    run(city, actor_for, upload(city, actor_for, day_file(GOOD)), django_capture_on_commit_callbacks)
    # The very same bytes: refused at once.
    with pytest.raises(ValidationError, match="already imported"):
        upload(city, actor_for, day_file(GOOD))
    # The same rows in another order (another file): imported, nothing new or changed.
    again = run(
        city, actor_for, upload(city, actor_for, day_file(GOOD[::-1])), django_capture_on_commit_callbacks
    )
    assert (again.state, again.rows_new) == ("done", 0)
    assert AbsenceDay.objects.count() == 5
    # One changed day: exactly one row new or changed, and its month follows.
    changed = [*GOOD[:-1], "1002;Eero;Eskola;7B;2026-10-02;7;4;3;0"]
    third = run(
        city, actor_for, upload(city, actor_for, day_file(changed)), django_capture_on_commit_callbacks
    )
    assert third.rows_new == 1
    october = PupilMonth.objects.get(pupil__source_id="1002", month=datetime.date(2026, 10, 1))
    assert (october.excused, october.other) == (4, 0)


def test_a_second_confirmed_copy_of_a_done_file_writes_nothing(
    city, actor_for, django_capture_on_commit_callbacks
):
    first = upload(city, actor_for, day_file(GOOD))
    second = upload(city, actor_for, day_file(GOOD))  # uploaded before the first was imported
    run(city, actor_for, first, django_capture_on_commit_callbacks)
    done = run(city, actor_for, second, django_capture_on_commit_callbacks)
    assert (done.state, done.rows_new) == ("done", 0)
    assert "already imported" in done.errors[0]["message"]


def test_errors_refuse_confirmation_and_nothing_is_written(city, actor_for):
    imp = upload(city, actor_for, day_file([*GOOD, "1003;Ilona;Ilola;7A;2026-09-01;6;-2;0;0"]))
    preview = imports.import_preview(imp)
    assert preview.error_count == 1 and preview.errors[0]["line"] == 7
    with pytest.raises(ValidationError, match="1 errors"):
        imports.import_confirm(actor_for(city.principal), imp)
    imp.refresh_from_db()
    assert imp.state == ImportState.PREVIEW
    assert not Pupil.objects.exists() and not AbsenceDay.objects.exists()


def test_all_or_nothing_when_the_write_fails_at_the_end(city, actor_for, monkeypatch):
    """A failure after the pupils and days were written rolls everything back."""
    imp = upload(city, actor_for, day_file(GOOD))
    AbsenceImport.objects.filter(pk=imp.pk).update(state=ImportState.QUEUED)

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(commit, "recompute_months", boom)
    result = imports.import_run(imp.pk)
    assert result.state == ImportState.FAILED
    assert "nothing was written" in result.errors[0]["message"]
    assert not Pupil.objects.exists() and not AbsenceDay.objects.exists() and not PupilMonth.objects.exists()


def test_an_error_on_the_last_line_found_only_at_run_writes_nothing(city, actor_for):
    """Queued with a mapping that went stale: the run validates again and writes nothing."""
    imp = upload(city, actor_for, day_file([*GOOD, "1009;X;Y;7A;2027-09-01;6;0;0;0"]))
    AbsenceImport.objects.filter(pk=imp.pk).update(state=ImportState.QUEUED)
    result = imports.import_run(imp.pk)
    assert result.state == ImportState.FAILED and result.errors[0]["line"] == 7
    assert not Pupil.objects.exists() and not AbsenceDay.objects.exists()


def test_progress_is_committed_while_checking(
    city, actor_for, monkeypatch, django_capture_on_commit_callbacks
):
    seen = []
    original = commit._save_progress

    def spy(imp, **fields):
        if "rows_done" in fields:
            seen.append(AbsenceImport.objects.get(pk=imp.pk).rows_done)
        original(imp, **fields)

    monkeypatch.setattr(commit, "PROGRESS_EVERY", 2)
    monkeypatch.setattr(commit, "_save_progress", spy)
    done = run(city, actor_for, upload(city, actor_for, day_file(GOOD)), django_capture_on_commit_callbacks)
    assert AbsenceImport.objects.get(pk=done.pk).rows_done == 5
    assert done.state == "done"
    assert 2 in seen or 4 in seen  # progress saved between the start and the end


def test_a_run_is_not_repeated_once_done(city, actor_for, django_capture_on_commit_callbacks):
    done = run(city, actor_for, upload(city, actor_for, day_file(GOOD)), django_capture_on_commit_callbacks)
    AbsenceDay.objects.all().delete()
    assert imports.import_run(done.pk).state == "done"
    assert not AbsenceDay.objects.exists()


def test_wilma_file_with_its_mapping(city, actor_for, django_capture_on_commit_callbacks):
    rows = [
        ";".join(["W1", "Aalto", "Aino", "8C", "Opettaja", "1.9.2026", str(n), "MA", kind, ""])
        for n, kind in enumerate(["Selvitetty", "Selvitetty", "Selvittämätön", "Luvaton", "Muu"], start=1)
    ]
    imp = upload(
        city, actor_for, day_file(rows, header=";".join(WILMA_HEADER), encoding="cp1252"), "wilma.csv"
    )
    assert imp.encoding == "cp1252" and imp.mapping["columns"]["absence_class"] == "Selvitys"
    done = run(city, actor_for, imp, django_capture_on_commit_callbacks)
    day = AbsenceDay.objects.get()
    assert done.state == "done" and (day.excused, day.unexcused, day.other, day.lessons_held) == (
        2,
        2,
        1,
        None,
    )
    assert PupilMonth.objects.get().held_known is False


def test_xlsx_upload(city, actor_for, django_capture_on_commit_callbacks):
    header = DAY_HEADER
    content = xlsx_file(
        header.split(";"), [[1001, "Aino", "Aalto", "7A", datetime.date(2026, 9, 1), 6, 1, 0, 0]]
    )
    done = run(
        city, actor_for, upload(city, actor_for, content, "poissa.xlsx"), django_capture_on_commit_callbacks
    )
    assert done.state == "done" and AbsenceDay.objects.get().excused == 1
    assert Pupil.objects.get().source_id == "1001"


def test_the_mapping_is_remembered_for_the_school(city, actor_for):
    content = b"tunnus;etu;suku;ryhma;paiva;tyyppi\nX1;Aino;Aalto;7A;1.9.2026;S\n"
    imp = upload(city, actor_for, content)
    assert imports.import_preview(imp).mapping_problems
    mapping = {
        "columns": {"pupil_id": "tunnus", "first_name": "etu", "last_name": "suku", "group_name": "ryhma",
                    "date": "paiva", "absence_class": "tyyppi"},
        "values": {"S": "excused"},
    }  # fmt: skip
    imports.import_set_mapping(actor_for(city.principal), imp, mapping)
    assert imports.import_preview(imp).ok
    assert ColumnMapping.objects.get(school=city.school).mapping == mapping
    later = upload(city, actor_for, content.replace(b"X1", b"X2"))
    assert later.mapping == mapping


def test_too_large_empty_and_unreadable_files_are_refused(city, actor_for, settings):
    settings.ABSENCE_IMPORT_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="too large"):
        upload(city, actor_for, b"x" * 1001)
    with pytest.raises(ValidationError, match="empty"):
        upload(city, actor_for, b"")
    with pytest.raises(ValidationError, match="UTF-16"):
        upload(city, actor_for, day_file(GOOD, encoding="utf-16"))
    assert not AbsenceImport.objects.exists()


def test_a_teacher_cannot_import(city, actor_for):
    with pytest.raises(PermissionDenied):
        imports.import_upload(actor_for(city.teacher), city.school, city.year, "x.csv", day_file(GOOD))
    assert not AbsenceImport.objects.exists()
