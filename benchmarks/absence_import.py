#!/usr/bin/env python
"""Benchmark: importing a term of day-level absences for a 1,000-pupil school (about 90,000 rows).

    DATABASE_URL=postgres://root@127.0.0.1:5432/yhdessa_bench .venv/bin/python benchmarks/absence_import.py
    BENCH_PUPILS=500 BENCH_DAYS=60 ... (smaller)

Builds (once) a municipality with one school and its school year, and BENCH_PUPILS pupils. Writes a
day-level CSV in our own format (one row per pupil per school day of the autumn term, BENCH_DAYS days)
and measures, in the same run:

1. a plain `AbsenceDay.objects.bulk_create` of the same rows (objects built beforehand, batch 5,000):
   the floor of writing these rows through the ORM;
2. the import's commit (`absences.importing.commit.run` of a confirmed import): parsing the file,
   validating it with progress, upserting pupils, comparing with stored days, upserting the day rows
   and recomputing the pupil months, all or nothing;
3. the same data again in a different file: nothing new (the idempotent path).

Prints rows/s of 1 and 2 and their ratio (the goal: at least 0.5). Day rows are removed between the
steps so 1 and 2 write into the same empty table. Not part of the unit suite.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/yhdessa-bench-absences.sqlite3")
os.environ.setdefault("AXES_ENABLED", "false")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")

PUPILS = int(os.environ.get("BENCH_PUPILS", 1000))
DAYS = int(os.environ.get("BENCH_DAYS", 90))
SLUG = f"poissakaupunki-{PUPILS}"
HEADER = (
    "oppilas_id;etunimi;sukunimi;luokka;pvm;pidetyt_tunnit;poissa_selvitetty;poissa_selvittamaton;poissa_muu"
)


def school_days(start: datetime.date, count: int) -> list[datetime.date]:
    days, day = [], start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def build():
    from absences.models import Pupil
    from schools.models import Municipality, School, SchoolYear

    city = Municipality.objects.filter(slug=SLUG).first()
    if city is None:
        city = Municipality.objects.create(name=f"Poissakaupunki {PUPILS}", slug=SLUG)
    year, _ = SchoolYear.objects.get_or_create(
        municipality=city, starts_on=datetime.date(2026, 8, 10), ends_on=datetime.date(2027, 7, 31)
    )
    school, _ = School.objects.get_or_create(municipality=city, name="Poissakoulu")
    if Pupil.objects.filter(school=school).count() != PUPILS:
        Pupil.objects.filter(school=school).delete()
        Pupil.objects.bulk_create(
            Pupil(
                municipality=city, school=school, source_id=f"P{i:05d}", first_name=f"Etu{i}",
                last_name=f"Suku{i}", group_name=f"{7 + i % 3}{'ABCD'[i % 4]}",
            )
            for i in range(PUPILS)
        )  # fmt: skip
    return city, school, year


def make_rows(days: list[datetime.date]) -> list[tuple]:
    rows = []
    for i in range(PUPILS):
        group = f"{7 + i % 3}{'ABCD'[i % 4]}"
        for n, day in enumerate(days):
            held = 5 + (n % 3)
            absent = (i * 7 + n * 13) % 17
            excused = 2 if absent == 0 else 0
            unexcused = 1 if absent == 1 else 0
            other = 1 if absent == 2 else 0
            rows.append((f"P{i:05d}", f"Etu{i}", f"Suku{i}", group, day, held, excused, unexcused, other))
    return rows


def csv_bytes(rows: list[tuple], suffix: str = "") -> bytes:
    lines = [HEADER] + [
        f"{r[0]};{r[1]};{r[2]};{r[3]};{r[4]:%Y-%m-%d};{r[5]};{r[6]};{r[7]};{r[8]}" for r in rows
    ]
    return ("\n".join(lines) + "\n" + suffix).encode()


def main() -> None:
    import django

    django.setup()
    from django.db import connection, transaction

    from absences.importing import commit
    from absences.importing.mapping import DAY_FORMAT_MAPPING
    from absences.models import AbsenceDay, AbsenceImport, ImportState, Pupil, PupilMonth

    city, school, year = build()
    days = school_days(datetime.date(2026, 8, 12), DAYS)
    rows = make_rows(days)
    total = len(rows)
    ids = dict(Pupil.objects.filter(school=school).values_list("source_id", "id"))

    def clear() -> None:
        AbsenceDay.objects.filter(school=school).delete()
        PupilMonth.objects.filter(school=school).delete()
        AbsenceImport.objects.filter(school=school).delete()

    print(f"{connection.vendor}: {PUPILS} pupils x {DAYS} school days = {total:,} rows")
    clear()

    # 1. Plain bulk_create of the same rows.
    objects = [
        AbsenceDay(
            municipality=city, school=school, school_year=year, pupil_id=ids[r[0]], date=r[4],
            lessons_held=r[5], excused=r[6], unexcused=r[7], other=r[8],
        )
        for r in rows
    ]  # fmt: skip
    started = time.perf_counter()
    with transaction.atomic():
        AbsenceDay.objects.bulk_create(objects, batch_size=commit.BATCH_SIZE)
    plain = time.perf_counter() - started
    clear()

    # 2. The import's commit of the same rows as a file.
    def queued(content: bytes) -> AbsenceImport:
        return AbsenceImport.objects.create(
            municipality=city, school=school, school_year=year, filename="syksy.csv",
            sha256=hashlib.sha256(content).hexdigest(), content=content, mapping=DAY_FORMAT_MAPPING,
            state=ImportState.QUEUED, rows_total=total,
        )  # fmt: skip

    content = csv_bytes(rows)
    imp = queued(content)
    started = time.perf_counter()
    commit.run(imp)
    imported = time.perf_counter() - started
    assert imp.state == ImportState.DONE, imp.errors[:3]
    assert AbsenceDay.objects.filter(school=school).count() == total
    months = PupilMonth.objects.filter(school=school).count()

    # 3. The same data in another file: nothing new.
    again = queued(csv_bytes(rows, suffix="\n"))
    started = time.perf_counter()
    commit.run(again)
    repeat = time.perf_counter() - started
    assert again.rows_new == 0

    print(f"plain bulk_create:   {plain:6.2f} s  {total / plain:9,.0f} rows/s")
    print(f"import commit:       {imported:6.2f} s  {total / imported:9,.0f} rows/s", end="")
    print(f"  ({imp.rows_new:,} new, {months:,} pupil months)")
    print(f"ratio import/plain:  {plain / imported:6.2f}  (goal >= 0.5)")
    print(f"same data again:     {repeat:6.2f} s  {total / repeat:9,.0f} rows/s  ({again.rows_new} new)")
    clear()


if __name__ == "__main__":
    main()
