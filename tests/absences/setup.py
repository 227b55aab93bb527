"""Building blocks of the standings tests: a model with tiers and steps, pupils and their months."""

from __future__ import annotations

import datetime
from decimal import Decimal

from absences.models import AbsenceDay, AttendanceModel, ClassSetting, Pupil, PupilMonth, Tier, TierStep
from roles.models import RoleKey

from ..factories import role


def model_with(city, *tiers: dict, year=None) -> list[Tier]:
    """`tiers`: dicts of Tier fields plus `step_role` (a RoleKey for the first step; default teacher)."""
    year = year or city.year
    model, _ = AttendanceModel.objects.get_or_create(municipality=city.municipality, school_year=year)
    made = []
    for order, spec in enumerate(tiers, start=1):
        spec = dict(spec)
        step_role = spec.pop("step_role", RoleKey.TEACHER)
        spec.setdefault("name_fi", f"Taso {order}")
        spec["threshold"] = Decimal(str(spec["threshold"]))
        tier = Tier.objects.create(model=model, order=order, **spec)
        step = TierStep.objects.create(tier=tier, order=1, title="Ensimmäinen askel")
        step.roles.add(role(city.municipality, step_role))
        made.append(tier)
    return made


_n = [0]


def pupil(
    city, *, group: str = "7B", teacher=None, grade: int | None = 7, stage: str = "", school=None
) -> Pupil:
    _n[0] += 1
    school = school or city.school
    return Pupil.objects.create(
        municipality=city.municipality,
        school=school,
        source_id=f"p{_n[0]}",
        first_name="Ulla",
        last_name=f"Oppilas{_n[0]}",
        group_name=group,
        grade=grade,
        stage=stage,
        homeroom_teacher=teacher,
    )


def month(
    p: Pupil, year, first: datetime.date, *, held=100, excused=0, unexcused=0, other=0, days=20, known=True
):
    return PupilMonth.objects.create(
        municipality=p.municipality,
        school=p.school,
        school_year=year,
        pupil=p,
        month=first,
        days=days,
        lessons_held=held if known else 0,
        held_known=known,
        excused=excused,
        unexcused=unexcused,
        other=other,
    )


def day(p: Pupil, year, date: datetime.date, *, held=5, excused=0, unexcused=0):
    return AbsenceDay.objects.create(
        municipality=p.municipality,
        school=p.school,
        school_year=year,
        pupil=p,
        date=date,
        lessons_held=held,
        excused=excused,
        unexcused=unexcused,
    )


def class_setting(city, group: str, *, weekly=None, teacher=None, grade=None):
    return ClassSetting.objects.create(
        school=city.school,
        school_year=city.year,
        group_name=group,
        weekly_lessons=weekly,
        homeroom_teacher=teacher,
        grade=grade,
    )
