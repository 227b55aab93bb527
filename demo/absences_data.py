"""Demo pupils and their absences (issue 11): Keskustan koulukeskus's four classes (about 60 pupils),
twenty pupils at Pohjoisen koulukeskus and a handful at Toisalan yhtenäiskoulu, with the classes' settings
(grade, homeroom teacher, lessons a week), a day row per pupil and school day of the current school
year's autumn so far (weekends and holidays skipped), and the monthly sums summed from those rows.

At Keskusta six pupils are above 10 % absence and two of them above 20 % (two of the six in 5B, whose
homeroom teacher is opettaja@esimerkkila.fi); everyone else is low. The names are invented (common
Finnish first and last names, none of the demo staff's last names), three of them Swedish.

Signals and cases are not made here: they come from the standings after an import (the absences app).
Idempotent: a school that already has pupils is left as it is, so a second run changes nothing.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from absences.models import AbsenceDay, ClassSetting, Pupil, PupilMonth
from schools.models import Holiday, Municipality, School, SchoolYear, Stage, TermKind, User
from schools.selectors import current_school_year, previous_school_year

from .schools import KESKUSTA, POHJOINEN, TOISALA_SCHOOL, SeedReport


@dataclass(frozen=True)
class ClassSpec:
    name: str
    grade: int
    teacher_email: str
    size: int
    # Lessons held each weekday, Monday to Friday (5–7; 24–30 a week).
    day_lessons: tuple[int, int, int, int, int]
    # Absence shares of the term (0.22 = 22 %) for the pupils with high absence, in class order.
    high: tuple[float, ...] = ()


@dataclass(frozen=True)
class SchoolSpec:
    municipality: str
    school: str
    code: str
    classes: tuple[ClassSpec, ...]
    seed: int


SCHOOLS = (
    SchoolSpec(
        "esimerkkila",
        KESKUSTA,
        "KK",
        (
            ClassSpec("3A", 3, "mikko.koskinen@esimerkkila.fi", 15, (5, 5, 5, 5, 5), (0.12,)),
            ClassSpec("5B", 5, "opettaja@esimerkkila.fi", 15, (5, 6, 5, 6, 5), (0.23, 0.13)),
            ClassSpec("7A", 7, "sanna.jarvinen@esimerkkila.fi", 15, (6, 6, 6, 6, 5), (0.15,)),
            ClassSpec("8C", 8, "hannu.salminen@esimerkkila.fi", 15, (6, 6, 7, 6, 5), (0.26, 0.11)),
        ),
        seed=11,
    ),
    SchoolSpec(
        "esimerkkila",
        POHJOINEN,
        "PK",
        (
            ClassSpec("4A", 4, "ville.kettunen@esimerkkila.fi", 10, (5, 5, 6, 5, 5), (0.14,)),
            ClassSpec("8B", 8, "markku.ojala@esimerkkila.fi", 10, (6, 6, 6, 7, 5), (0.21,)),
        ),
        seed=22,
    ),
    SchoolSpec(
        "toisala",
        TOISALA_SCHOOL,
        "TY",
        (ClassSpec("6A", 6, "satu.kinnunen@toisala.fi", 5, (5, 6, 5, 6, 5), (0.12,)),),
        seed=33,
    ),
)

FIRST_NAMES = (
    "Aada", "Eino", "Helmi", "Onni", "Iida", "Väinö", "Lilja", "Elias", "Venla", "Niilo", "Siiri", "Aaro",
    "Enni", "Veeti", "Pihla", "Eemil", "Vilma", "Toivo", "Minea", "Joel", "Nella", "Aatu", "Oona", "Lenni",
    "Eevi", "Rasmus", "Kerttu", "Otto", "Hilla", "Luka", "Sara", "Leevi", "Inka", "Severi", "Milla", "Jimi",
)  # fmt: skip
LAST_NAMES = (
    "Hakkarainen", "Jokinen", "Lehtinen", "Salonen", "Heikkilä", "Koivisto", "Lappalainen", "Huttunen",
    "Seppälä", "Honkanen", "Pesonen", "Rautio", "Kivelä", "Hyvönen", "Tikkanen", "Partanen", "Mustonen",
    "Räsänen", "Ketola", "Pulkkinen", "Pajunen", "Vesterinen", "Toivonen", "Kananen", "Peltola",
    "Jääskeläinen", "Harju", "Laitinen", "Kauppinen", "Moilanen", "Tiainen", "Sirviö",
)  # fmt: skip
# Keskusta has a few Swedish-speaking pupils.
SWEDISH_NAMES = (("Axel", "Lindroos"), ("Ebba", "Backman"), ("Wilma", "Åberg"))


def _stage(grade: int) -> str:
    return Stage.PRIMARY if grade <= 6 else Stage.LOWER_SECONDARY


def _school_days(year: SchoolYear, today: datetime.date) -> list[datetime.date]:
    """The autumn term's school days up to yesterday: weekdays outside the year's holidays."""
    term = year.terms.filter(kind=TermKind.AUTUMN).first()
    holidays = list(Holiday.objects.filter(school_year=year))
    if term is not None:
        starts, ends = term.starts_on, term.ends_on
    else:
        christmas = [h.starts_on for h in holidays if h.kind == "christmas"]
        starts = year.starts_on
        ends = (
            (min(christmas) - datetime.timedelta(days=1)) if christmas else datetime.date(starts.year, 12, 20)
        )
    ends = min(ends, today - datetime.timedelta(days=1))
    days, day = [], starts
    while day <= ends:
        if day.weekday() < 5 and not any(h.starts_on <= day <= h.ends_on for h in holidays):
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def _year_and_days(municipality: Municipality, today: datetime.date) -> tuple[SchoolYear | None, list]:
    """The current school year's autumn so far; early in August (under three weeks of school), the
    previous year's whole autumn, so the demo always has a term's worth of absences to show."""
    year = current_school_year(municipality.pk, today)
    days = _school_days(year, today) if year else []
    if year is not None and len(days) < 15:
        previous = previous_school_year(year)
        if previous is not None:
            return previous, _school_days(previous, today)
    return year, days


def _names(rng: random.Random, count: int, taken: set[tuple[str, str]], staff: set[str]) -> list:
    names = []
    while len(names) < count:
        name = (rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES))
        if name not in taken and name[1] not in staff:
            taken.add(name)
            names.append(name)
    return names


def _absences(
    rng: random.Random, days: list[datetime.date], held: dict[datetime.date, int], share: float, high: bool
) -> dict[datetime.date, tuple[int, int, int]]:
    """(excused, unexcused, other) per day adding up to about `share` of the lessons held: whole days
    of illness (excused), single lessons skipped (unexcused, mostly for pupils with high absence) and
    the odd lesson away for another reason (other)."""
    target = round(share * sum(held[d] for d in days))
    rows: dict[datetime.date, list[int]] = {}
    absent = 0
    while absent < target:
        day = rng.choice(days)
        row = rows.setdefault(day, [0, 0, 0])
        free = held[day] - sum(row)
        if free <= 0:
            continue
        roll = rng.random()
        if roll < (0.45 if high else 0.15):
            add, kind = min(free, rng.randint(1, 2), target - absent), 1
        elif roll < (0.5 if high else 0.25):
            add, kind = 1, 2
        else:
            add, kind = min(free, target - absent), 0  # a day off sick
        row[kind] += add
        absent += add
    return {day: (row[0], row[1], row[2]) for day, row in rows.items()}


def _seed_school(report: SeedReport, spec: SchoolSpec, today: datetime.date) -> None:
    school = School.objects.filter(municipality__slug=spec.municipality, name=spec.school).first()
    if school is None or Pupil.objects.filter(school=school).exists():
        return
    year, days = _year_and_days(school.municipality, today)
    if year is None:
        return
    rng = random.Random(spec.seed)  # noqa: S311 - repeatable demo data, not a secret
    staff = set(
        User.objects.filter(memberships__municipality=school.municipality).values_list("last_name", flat=True)
    )
    teachers = {u.email: u for u in User.objects.filter(email__in=[c.teacher_email for c in spec.classes])}
    taken: set[tuple[str, str]] = set()
    pupils: list[tuple[Pupil, ClassSpec, float | None]] = []
    number = 0
    for class_spec in spec.classes:
        teacher = teachers.get(class_spec.teacher_email)
        _setting, made = ClassSetting.objects.get_or_create(
            school=school,
            school_year=year,
            group_name=class_spec.name,
            defaults={
                "grade": class_spec.grade,
                "homeroom_teacher": teacher,
                "weekly_lessons": sum(class_spec.day_lessons),
            },
        )
        report.created["class setting"] += int(made)
        names = _names(rng, class_spec.size, taken, staff)
        if spec.school == KESKUSTA and class_spec.name in ("5B", "7A", "8C"):
            # One Swedish-speaking pupil in each of three classes.
            names[-1] = SWEDISH_NAMES[("5B", "7A", "8C").index(class_spec.name)]
        for index, (first, last) in enumerate(names):
            number += 1
            pupil = Pupil(
                municipality=school.municipality,
                school=school,
                source_id=f"DEMO-{spec.code}-{number:04d}",
                first_name=first,
                last_name=last,
                group_name=class_spec.name,
                grade=class_spec.grade,
                stage=_stage(class_spec.grade),
                homeroom_teacher=teacher,
            )
            share = class_spec.high[index] if index < len(class_spec.high) else None
            pupils.append((pupil, class_spec, share))
    Pupil.objects.bulk_create([p for p, _c, _s in pupils])
    report.created["pupil"] += len(pupils)

    rows = []
    for pupil, class_spec, share in pupils:
        held = {day: class_spec.day_lessons[day.weekday()] for day in days}
        high = share is not None
        # Most pupils are low: 0–6 % of lessons, a few with none at all.
        share = share if high else rng.choice((0.0, 0.01, 0.02, 0.03, 0.03, 0.04, 0.05, 0.06))
        absent = _absences(rng, days, held, share, high) if days else {}
        for day in days:
            excused, unexcused, other = absent.get(day, (0, 0, 0))
            rows.append(
                AbsenceDay(
                    municipality_id=school.municipality_id,
                    school=school,
                    school_year=year,
                    pupil=pupil,
                    date=day,
                    lessons_held=held[day],
                    excused=excused,
                    unexcused=unexcused,
                    other=other,
                )
            )
    AbsenceDay.objects.bulk_create(rows, batch_size=2000)
    report.created["absence day"] += len(rows)
    report.created["pupil month"] += _sum_months(school, year)
    # The standings against the city's model: signals for the homeroom teachers, as after an import.
    from absences.standings import recompute_for_school

    report.created["absence signal"] += recompute_for_school(school, year, today=today)
    # The demo mails nobody (as demo/groups.py and demo/roles.py): the signals show on the home card and
    # the signals page; their e-mails, due now, are cancelled before the seeding commits.
    from notifications.models import Notification, Outcome

    now = timezone.now()
    Notification.objects.filter(
        kind="absence_signal", municipality_id=school.municipality_id, due_at__lte=now
    ).unsent().update(outcome=Outcome.CANCELLED, sent_at=now, claimed_until=None)


def _sum_months(school: School, year: SchoolYear) -> int:
    """The pupils' monthly sums from their day rows, in one GROUP BY (the import does the same after
    each file)."""
    sums = (
        AbsenceDay.objects.filter(school=school, school_year=year)
        .annotate(month=TruncMonth("date"))
        .values("pupil_id", "month")
        .annotate(
            days=Count("id"),
            held=Sum("lessons_held"),
            known=Count("lessons_held"),
            excused_sum=Sum("excused"),
            unexcused_sum=Sum("unexcused"),
            other_sum=Sum("other"),
        )
        .order_by()
    )
    months = [
        PupilMonth(
            municipality_id=school.municipality_id,
            school=school,
            school_year=year,
            pupil_id=row["pupil_id"],
            month=row["month"],
            days=row["days"],
            lessons_held=row["held"] or 0,
            held_known=row["known"] == row["days"],
            excused=row["excused_sum"],
            unexcused=row["unexcused_sum"],
            other=row["other_sum"],
        )
        for row in sums
    ]
    PupilMonth.objects.bulk_create(months)
    return len(months)


def seed_absences(report: SeedReport, today: datetime.date | None = None) -> None:
    """Create the demo pupils, class settings, day rows and monthly sums that are missing."""
    today = today or timezone.localdate()
    for spec in SCHOOLS:
        _seed_school(report, spec, today)
