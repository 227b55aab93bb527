"""Write a validated file: all or nothing, in one transaction, after a staging pass that reports progress.

1. Stage (outside the transaction): parse and validate again (the file is kept on the import), and commit
   `rows_done` every few thousand rows so the page that polls the import sees it move.
2. Write (one transaction): upsert the pupils by their source id within the school, compare the day
   records with the rows already stored and upsert only the new or changed ones (`bulk_create` with
   `update_conflicts` = INSERT … ON CONFLICT (pupil, date) DO UPDATE on PostgreSQL and SQLite), then
   recompute the affected pupils' months from the day rows (one GROUP BY, one bulk upsert).
3. After the commit: the standings hook (`absences.standings.recompute_for_school`) when it exists.

A day in the file replaces that day's row (lessons held included); days not in the file are left alone.
Re-importing the same file finds nothing new or changed and writes no day row.
"""

from __future__ import annotations

import datetime
import io
import logging

from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from schools.models import Membership, Stage

from ..models import AbsenceDay, AbsenceImport, ClassSetting, ImportState, Pupil, PupilMonth
from .parse import ParseError, parse
from .validate import Validated, validate

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 5000
BATCH_SIZE = 5000
DAY_FIELDS = ("lessons_held", "excused", "unexcused", "other")


def stage_for_grade(grade: int | None) -> str:
    if grade is None:
        return ""
    if grade <= 6:
        return Stage.PRIMARY
    if grade <= 9:
        return Stage.LOWER_SECONDARY
    return Stage.UPPER_SECONDARY


def staff_emails(municipality_id: int) -> dict[str, int]:
    """Active members' e-mail addresses (lower case) → user id: homeroom teachers named in the file."""
    return {
        email.lower(): user_id
        for email, user_id in Membership.objects.filter(
            municipality_id=municipality_id, is_active=True
        ).values_list("user__email", "user_id")
        if email
    }


def validate_import(imp: AbsenceImport, progress=None) -> Validated:
    """Parse the stored file and validate it with the import's mapping (raises ParseError)."""
    parsed = parse(imp.filename, bytes(imp.content))
    return validate(
        parsed,
        imp.mapping,
        starts_on=imp.school_year.starts_on,
        ends_on=imp.school_year.ends_on,
        known_emails=set(staff_emails(imp.municipality_id)),
        progress=progress,
        progress_every=PROGRESS_EVERY,
    )


def already_imported(imp: AbsenceImport) -> AbsenceImport | None:
    """A finished import of the same school with the very same bytes."""
    return (
        AbsenceImport.objects.filter(school_id=imp.school_id, sha256=imp.sha256, state=ImportState.DONE)
        .exclude(pk=imp.pk)
        .defer("content")
        .order_by("finished_at")
        .first()
    )


def _save_progress(imp: AbsenceImport, **fields) -> None:
    # Its own short statement outside the write transaction (autocommit): the page sees it at once.
    AbsenceImport.objects.filter(pk=imp.pk).update(**fields)
    for name, value in fields.items():
        setattr(imp, name, value)


def run(imp: AbsenceImport) -> AbsenceImport:
    """Import a queued file. Idempotent: a done import is returned untouched."""
    if imp.state == ImportState.DONE:
        return imp
    previous = already_imported(imp)
    if previous is not None:
        _save_progress(
            imp,
            state=ImportState.DONE,
            rows_new=0,
            rows_done=imp.rows_total,
            finished_at=timezone.now(),
            errors=[
                {
                    "line": 0,
                    "message": _("This file was already imported on %(date)s: nothing was written.")
                    % {"date": timezone.localtime(previous.finished_at).strftime("%-d.%-m.%Y %H:%M")},
                }
            ],
        )
        return imp
    _save_progress(imp, state=ImportState.RUNNING, rows_done=0)
    try:
        checked = validate_import(imp, progress=lambda n: _save_progress(imp, rows_done=n))
    except ParseError as error:
        return _fail(imp, [{"line": 0, "message": str(error)}])
    if checked.errors:
        return _fail(imp, checked.errors)
    try:
        with transaction.atomic():
            rows_new = write(imp, checked)
    except Exception:
        logger.exception("Absence import %s failed while writing", imp.pk)
        return _fail(imp, [{"line": 0, "message": _("Writing the file failed: nothing was written.")}])
    _save_progress(
        imp,
        state=ImportState.DONE,
        rows_total=checked.rows,
        rows_done=checked.rows,
        rows_new=rows_new,
        errors=[],
        finished_at=timezone.now(),
    )
    recompute_standings(imp)
    return imp


def _fail(imp: AbsenceImport, errors: list[dict]) -> AbsenceImport:
    _save_progress(imp, state=ImportState.FAILED, errors=errors, finished_at=timezone.now())
    return imp


def write(imp: AbsenceImport, checked: Validated) -> int:
    """The write itself, inside the caller's transaction. Returns the number of new or changed day rows."""
    pupil_ids = upsert_pupils(imp, checked)
    rows = [
        AbsenceDay(
            municipality_id=imp.municipality_id,
            school_id=imp.school_id,
            school_year_id=imp.school_year_id,
            pupil_id=pupil_ids[day.source_id],
            date=day.date,
            lessons_held=day.lessons_held,
            excused=day.excused,
            unexcused=day.unexcused,
            other=day.other,
        )
        for day in checked.days.values()
    ]
    changed = changed_days(imp.school_id, rows)
    upsert_days(changed)
    if changed:
        recompute_months(imp, {(r.pupil_id, r.date.replace(day=1)) for r in changed})
    return len(changed)


def upsert_pupils(imp: AbsenceImport, checked: Validated) -> dict[str, int]:
    """Create the file's new pupils, update changed names/classes of known ones; source id → pupil id."""
    existing = {p.source_id: p for p in Pupil.objects.filter(school_id=imp.school_id)}
    settings = {
        c.group_name: c
        for c in ClassSetting.objects.filter(school_id=imp.school_id, school_year=imp.school_year_id)
    }
    named = any(p.teacher_email for p in checked.pupils.values())
    emails = staff_emails(imp.municipality_id) if named else {}
    new, changed = [], []
    for record in checked.pupils.values():
        setting = settings.get(record.group_name)
        grade = record.grade if record.grade is not None else (setting.grade if setting else None)
        teacher_id = emails.get(record.teacher_email) if record.teacher_email else None
        if teacher_id is None and setting is not None:
            teacher_id = setting.homeroom_teacher_id
        values = {
            "first_name": record.first_name,
            "last_name": record.last_name,
            "group_name": record.group_name,
            "grade": grade,
            "stage": stage_for_grade(grade),
            "homeroom_teacher_id": teacher_id,
            "is_active": True,
        }
        pupil = existing.get(record.source_id)
        if pupil is None:
            new.append(
                Pupil(
                    municipality_id=imp.municipality_id,
                    school_id=imp.school_id,
                    source_id=record.source_id,
                    **values,
                )
            )
            continue
        if teacher_id is None:
            values["homeroom_teacher_id"] = pupil.homeroom_teacher_id  # the file said nothing: keep
        if grade is None:
            values["grade"], values["stage"] = pupil.grade, pupil.stage
        if any(getattr(pupil, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(pupil, k, v)
            changed.append(pupil)
    if new:
        Pupil.objects.bulk_create(new, batch_size=BATCH_SIZE)
    if changed:
        Pupil.objects.bulk_update(changed, list(values), batch_size=BATCH_SIZE)
    ids = dict(Pupil.objects.filter(school_id=imp.school_id).values_list("source_id", "id"))
    return {source_id: ids[source_id] for source_id in checked.pupils}


def changed_days(school_id: int, rows: list[AbsenceDay]) -> list[AbsenceDay]:
    """The rows whose (pupil, date) is not stored yet or stored with other figures (one read)."""
    if not rows:
        return []
    first, last = min(r.date for r in rows), max(r.date for r in rows)
    stored = {
        (pupil_id, date): rest
        for pupil_id, date, *rest in AbsenceDay.objects.filter(
            school_id=school_id, date__gte=first, date__lte=last
        ).values_list("pupil_id", "date", *DAY_FIELDS)
    }
    return [
        r
        for r in rows
        if stored.get((r.pupil_id, r.date)) != [r.lessons_held, r.excused, r.unexcused, r.other]
    ]


def upsert_days(rows: list[AbsenceDay]) -> None:
    """INSERT … ON CONFLICT (pupil, date) DO UPDATE: on PostgreSQL through COPY into a temporary table
    (several times faster than multi-row INSERTs for a term's 90,000 rows), elsewhere `bulk_create`."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        _upsert_days_copy(rows)
        return
    AbsenceDay.objects.bulk_create(
        rows,
        batch_size=BATCH_SIZE,
        update_conflicts=True,
        unique_fields=["pupil", "date"],
        update_fields=["school_year", *DAY_FIELDS],
    )


_COPY_COLUMNS = (
    "municipality_id", "school_id", "school_year_id", "pupil_id", "date", "lessons_held", "excused",
    "unexcused", "other",
)  # fmt: skip


def _upsert_days_copy(rows: list[AbsenceDay]) -> None:
    table = AbsenceDay._meta.db_table
    columns = ", ".join(_COPY_COLUMNS)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in ("school_year_id", *DAY_FIELDS))
    buffer = io.StringIO()
    for r in rows:
        held = "\\N" if r.lessons_held is None else r.lessons_held
        buffer.write(
            f"{r.municipality_id}\t{r.school_id}\t{r.school_year_id}\t{r.pupil_id}\t{r.date.isoformat()}\t"
            f"{held}\t{r.excused}\t{r.unexcused}\t{r.other}\n"
        )
    buffer.seek(0)
    with connection.cursor() as cursor:
        # Dropped at the end of the import's transaction.
        cursor.execute(
            "CREATE TEMPORARY TABLE absence_day_stage (municipality_id bigint, school_id bigint, "
            "school_year_id bigint, pupil_id bigint, date date, lessons_held smallint, excused smallint, "
            "unexcused smallint, other smallint) ON COMMIT DROP"
        )
        cursor.cursor.copy_expert(f"COPY absence_day_stage ({columns}) FROM STDIN", buffer)
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM absence_day_stage "  # noqa: S608
            f"ON CONFLICT (pupil_id, date) DO UPDATE SET {updates}"
        )
        cursor.execute("DROP TABLE absence_day_stage")


def month_bounds(months: set[datetime.date]) -> tuple[datetime.date, datetime.date]:
    last = max(months)
    end = (last.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
    return min(months), end


def recompute_months(imp: AbsenceImport, touched: set[tuple[int, datetime.date]]) -> int:
    """Sum the day rows of the touched pupils' months (one GROUP BY) and upsert them into PupilMonth."""
    pupils = {p for p, _m in touched}
    months = {m for _p, m in touched}
    first, last = month_bounds(months)
    sums = (
        AbsenceDay.objects.filter(
            school_id=imp.school_id, date__gte=first, date__lte=last, pupil_id__in=pupils
        )
        .annotate(month=TruncMonth("date"))
        .values("pupil_id", "month")
        .annotate(
            n_days=Count("id"),
            held=Sum("lessons_held"),
            unknown=Count("id", filter=Q(lessons_held__isnull=True)),
            e=Sum("excused"),
            u=Sum("unexcused"),
            o=Sum("other"),
        )
        .order_by()
    )
    rows = []
    for s in sums:
        month = s["month"].date() if isinstance(s["month"], datetime.datetime) else s["month"]
        if (s["pupil_id"], month) not in touched:
            continue
        rows.append(
            PupilMonth(
                municipality_id=imp.municipality_id,
                school_id=imp.school_id,
                school_year_id=imp.school_year_id,
                pupil_id=s["pupil_id"],
                month=month,
                days=s["n_days"],
                lessons_held=s["held"] or 0,
                held_known=s["unknown"] == 0,
                excused=s["e"] or 0,
                unexcused=s["u"] or 0,
                other=s["o"] or 0,
            )
        )
    PupilMonth.objects.bulk_create(
        rows,
        batch_size=BATCH_SIZE,
        update_conflicts=True,
        unique_fields=["pupil", "month"],
        update_fields=["school_year", "days", "lessons_held", "held_known", "excused", "unexcused", "other"],
    )
    return len(rows)


def recompute_standings(imp: AbsenceImport) -> None:
    """Signals after an import: the school's standings against every tier."""
    from ..standings import recompute_for_school

    try:
        recompute_for_school(imp.school, imp.school_year)
    except Exception:
        # The import is committed and stays so; the next import computes the signals again.
        logger.exception("Standings after absence import %s failed", imp.pk)
