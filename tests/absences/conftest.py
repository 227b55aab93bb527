"""Fixtures of absence follow-up: the city's model (10 % targeted, 20 % intensive) and a pupil of
city.school whose homeroom teacher is city.teacher."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from absences.models import AttendanceModel, Pupil, ThresholdKind, Tier, TierStep
from roles.models import RoleKey
from tests.factories import role

from ..groups.fixtures import in_days, levels, meeting, school_group  # noqa: F401


@pytest.fixture(autouse=True)
def english():
    """Messages asserted in English (the UI default is Finnish)."""
    with translation.override("en"):
        yield


def _step(tier, order, title, key, days, **extra):
    step = TierStep.objects.create(tier=tier, order=order, title=title, deadline_school_days=days, **extra)
    step.roles.add(role(tier.model.municipality, key))
    return step


@pytest.fixture
def attendance_model(city):
    model = AttendanceModel.objects.create(municipality=city.municipality, school_year=city.year)
    targeted = Tier.objects.create(
        model=model, order=1, name_fi="Tehostettu", name_sv="Intensifierat", kind=ThresholdKind.PERCENT,
        threshold=Decimal("10"),
    )  # fmt: skip
    _step(targeted, 1, "Opettaja ottaa huolen puheeksi huoltajan kanssa", RoleKey.TEACHER, 5,
          involves_guardian=True)  # fmt: skip
    _step(targeted, 2, "Syiden selvittäminen terveydenhoitajan kanssa", RoleKey.SCHOOL_NURSE, 10)
    _step(targeted, 3, "Monialainen asiantuntijaryhmä", RoleKey.PRINCIPAL, 15, is_expert_group=True)
    intensive = Tier.objects.create(
        model=model, order=2, name_fi="Intensiivinen", kind=ThresholdKind.PERCENT, threshold=Decimal("20")
    )
    _step(intensive, 1, "Tukisuunnitelma", RoleKey.TEACHER, 5)
    model.targeted, model.intensive = targeted, intensive
    return model


@pytest.fixture
def targeted(attendance_model):
    return attendance_model.targeted


@pytest.fixture
def intensive(attendance_model):
    return attendance_model.intensive


@pytest.fixture
def pupil(city):
    return Pupil.objects.create(
        municipality=city.municipality, school=city.school, source_id="1001", first_name="Aino",
        last_name="Oppilas", group_name="7B", grade=7, homeroom_teacher=city.teacher,
    )  # fmt: skip


@pytest.fixture
def open_case(city, actor_for, pupil, targeted):
    import datetime

    from absences.services.cases import case_open

    return case_open(actor_for(city.teacher), pupil, targeted, today=datetime.date(2026, 11, 26))
