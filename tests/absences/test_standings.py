"""Standings: hours and percent tiers, stage thresholds, counted classes, periods, lessons held."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from absences.models import AbsenceClass, Period, ThresholdKind
from absences.standings import standings_for_school
from schools.models import Stage, Term

from .setup import class_setting, day, model_with, month, pupil

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 20)
SEP, OCT, NOV = (datetime.date(2026, m, 1) for m in (9, 10, 11))


def _standing(city, p, index=0, today=TODAY):
    return standings_for_school(city.school, city.year, today=today)[p.pk][index]


def test_hours_tier_counts_absent_lessons_as_hours(city):
    model_with(city, {"kind": ThresholdKind.HOURS, "threshold": 30})
    p = pupil(city)
    month(p, city.year, SEP, excused=20)
    month(p, city.year, OCT, unexcused=12)
    standing = _standing(city, p)
    assert standing.value == Decimal(32) and standing.reached


def test_percent_tier_is_absent_over_held(city):
    model_with(city, {"kind": ThresholdKind.PERCENT, "threshold": 10})
    low, high = pupil(city), pupil(city)
    month(low, city.year, SEP, held=100, excused=9)
    month(high, city.year, SEP, held=100, excused=6, unexcused=5)
    assert _standing(city, low).value == Decimal("9.0") and not _standing(city, low).reached
    assert _standing(city, high).value == Decimal("11.0") and _standing(city, high).reached


def test_stage_thresholds_from_the_pupils_stage_or_grade(city):
    model_with(
        city,
        {"kind": ThresholdKind.HOURS, "threshold": 30, "stage_thresholds": {Stage.LOWER_SECONDARY: "40"}},
    )
    upper = pupil(city, grade=8)  # 7–9: lower secondary by grade
    lower = pupil(city, grade=4, group="4A")
    staged = pupil(city, grade=None, stage=Stage.LOWER_SECONDARY)
    for p in (upper, lower, staged):
        month(p, city.year, SEP, excused=35)
    assert _standing(city, upper).threshold == Decimal(40) and not _standing(city, upper).reached
    assert _standing(city, lower).threshold == Decimal(30) and _standing(city, lower).reached
    assert _standing(city, staged).threshold == Decimal(40)


def test_only_unexcused_absences_count_when_chosen(city):
    model_with(city, {"kind": ThresholdKind.HOURS, "threshold": 10, "classes": [AbsenceClass.UNEXCUSED]})
    p = pupil(city)
    month(p, city.year, SEP, excused=50, unexcused=4)
    assert _standing(city, p).value == Decimal(4) and not _standing(city, p).reached


def test_term_period_counts_only_the_current_terms_months(city):
    Term.objects.create(
        school_year=city.year,
        kind="autumn",
        starts_on=datetime.date(2026, 10, 1),
        ends_on=datetime.date(2026, 12, 20),
    )
    model_with(city, {"kind": ThresholdKind.HOURS, "threshold": 10, "period": Period.TERM})
    p = pupil(city)
    month(p, city.year, SEP, excused=50)
    month(p, city.year, OCT, excused=4)
    month(p, city.year, NOV, excused=3)
    assert _standing(city, p).value == Decimal(7)


def test_a_year_without_terms_counts_the_school_year(city):
    model_with(city, {"kind": ThresholdKind.HOURS, "threshold": 10, "period": Period.TERM})
    p = pupil(city)
    month(p, city.year, SEP, excused=5)
    month(p, city.year, OCT, excused=6)
    assert _standing(city, p).value == Decimal(11)


def test_last_weeks_period_reads_the_day_rows(city):
    model_with(
        city, {"kind": ThresholdKind.PERCENT, "threshold": 20, "period": Period.LAST_WEEKS, "weeks": 2}
    )
    p = pupil(city)
    day(p, city.year, datetime.date(2026, 10, 1), held=5, excused=5)  # long ago: not counted
    day(p, city.year, datetime.date(2026, 11, 16), held=5, excused=1)
    day(p, city.year, datetime.date(2026, 11, 17), held=5, unexcused=1)
    standing = _standing(city, p)
    assert standing.value == Decimal("20.0") and standing.reached and standing.held == 10


def test_lessons_held_from_the_class_setting_when_unknown(city):
    model_with(city, {"kind": ThresholdKind.PERCENT, "threshold": 10})
    class_setting(city, "7B", weekly=25)
    p = pupil(city)
    month(p, city.year, SEP, known=False, days=20, excused=10)  # 25 × 20 / 5 = 100 lessons
    standing = _standing(city, p)
    assert standing.held == 100 and standing.value == Decimal("10.0") and standing.reached


def test_no_percent_without_any_way_to_know_lessons_held(city, as_user):
    model_with(city, {"kind": ThresholdKind.PERCENT, "threshold": 10})
    p = pupil(city, group="9C")
    month(p, city.year, SEP, known=False, days=20, excused=10)
    standing = _standing(city, p)
    assert standing.value is None and not standing.reached and standing.reason


def test_one_query_per_period_not_per_pupil(city):
    model_with(
        city,
        {"kind": ThresholdKind.HOURS, "threshold": 30},
        {"kind": ThresholdKind.PERCENT, "threshold": 10, "period": Period.LAST_WEEKS, "weeks": 3},
    )

    def run():
        with CaptureQueriesContext(connection) as ctx:
            standings_for_school(city.school, city.year, today=TODAY)
        return len(ctx.captured_queries)

    p = pupil(city)
    month(p, city.year, SEP, excused=3)
    few = run()
    for _ in range(20):
        month(pupil(city), city.year, SEP, excused=40)
    assert run() == few
