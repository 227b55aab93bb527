"""The large-city generator of benchmarks/city_generator.py at a tiny size: every part is built, the
counts add up, a second call builds nothing, and the real standings recompute left its tier counts."""

from __future__ import annotations

import datetime
import os

import pytest

from benchmarks.city_generator import STAFF_KEYS, build_city

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _environment_kept():
    """The benchmark modules the generator borrows from set their own defaults in os.environ on import;
    later tests that start subprocesses must not inherit them."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


TODAY = datetime.date(2026, 11, 20)


def test_tiny_city_is_built_once():
    from absences.models import Pupil, PupilMonth, TierCount
    from groups.models import ActionItem, Attendance, GroupLevel, Meeting, WellbeingGroup
    from reports.models import EvaluationAnswer, IndicatorValue, SchoolEvaluation
    from roles.models import PracticalAct, RolesTool, RolesToolRevision, StaffAssignment
    from schools.models import Membership, School, SchoolYear
    from yearclock.models import Yearclock, YearclockEntry

    result = build_city(
        schools=3, pupils=50, slug="testikaupunki", name="Testikaupunki", today=TODAY, verbose=False
    )
    assert result["built"]
    city = result["municipality"]
    schools = School.objects.filter(municipality=city)
    assert schools.count() == 3
    assert {s.language for s in schools} <= {"fi", "sv"}
    years = list(SchoolYear.objects.filter(municipality=city).order_by("starts_on"))
    assert [y.starts_on.year for y in years] == [2024, 2025, 2026]
    assert Membership.objects.filter(municipality=city, is_coordinator=True).count() == 1
    assert StaffAssignment.objects.filter(school__municipality=city).count() == 3 * len(STAFF_KEYS) * 3
    assert Pupil.objects.filter(municipality=city).count() == 50
    # Two past years of ten months and this year's August–November.
    assert PupilMonth.objects.filter(municipality=city).count() == 50 * (10 + 10 + 4)
    assert TierCount.objects.filter(municipality=city).exists()

    tools = RolesTool.objects.filter(school__municipality=city)
    assert tools.count() == 3 * 3 - 1  # the first school has no tool this year
    assert PracticalAct.objects.filter(tool__in=tools).count() == result["counts"]["acts"]
    assert 4 * 12 * tools.count() <= result["counts"]["acts"] <= 6 * 12 * tools.count()
    assert RolesToolRevision.objects.filter(tool__in=tools).exists()

    assert Yearclock.objects.filter(school__municipality=city).count() == 9
    entries = YearclockEntry.objects.filter(yearclock__school__municipality=city)
    assert entries.filter(is_evaluation=True).count() == 9
    assert entries.filter(status="done").exists()

    levels = set(
        WellbeingGroup.objects.filter(municipality=city).values_list("level__attaches_to", flat=True)
    )
    assert levels == set(GroupLevel.objects.filter(municipality=city).values_list("attaches_to", flat=True))
    held = Meeting.objects.filter(group__municipality=city, starts_at__date__lt=TODAY)
    assert held.exists() and Attendance.objects.filter(meeting__in=held).exists()
    assert ActionItem.objects.filter(municipality=city, status="open", due_on__lt=TODAY).exists()

    submitted = SchoolEvaluation.objects.filter(school__municipality=city, status="submitted")
    assert submitted.count() == 3 * 2
    assert EvaluationAnswer.objects.filter(evaluation__in=submitted).count() == 3 * 2 * 12
    assert IndicatorValue.objects.filter(school__municipality=city).count() == 3 * 3 * 4

    again = build_city(
        schools=3, pupils=50, slug="testikaupunki", name="Testikaupunki", today=TODAY, verbose=False
    )
    assert again == {"municipality": city, "built": False, "parts": {}}
    assert Pupil.objects.filter(municipality=city).count() == 50
