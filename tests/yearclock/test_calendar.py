"""The yearclock as an iCalendar document, parsed back with the icalendar library."""

from __future__ import annotations

import datetime

import pytest
from icalendar import Calendar

from roles.models import RoleKey
from tests.factories import role
from yearclock import selectors
from yearclock.calendar import yearclock_ics
from yearclock.models import EntryStatus
from yearclock.services import clocks

pytestmark = pytest.mark.django_db


def events(clock) -> tuple[Calendar, dict[str, object]]:
    cal = Calendar.from_ical(yearclock_ics(clock, selectors.entries_of(clock)))
    return cal, {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_entries_become_all_day_events_in_the_school_year(city, clock, actor_for):
    principal = actor_for(city.principal)
    group_building, bullying, evaluation = clock.entries.order_by("order")
    clocks.entry_update(
        actor=principal,
        entry=group_building,
        owner=city.teacher,
        description="Luokat ryhmäytetään.",
        roles=[role(city.municipality, RoleKey.TEACHER)],
    )
    own = clocks.entry_add(actor=principal, yearclock=clock, theme="Välkkärit", start_month=11, end_month=2)
    clocks.entry_set_status(
        actor=principal, entry=evaluation, status=EntryStatus.SKIPPED, skip_reason="Ei ehditty"
    )

    cal, by_uid = events(clock)
    assert cal["METHOD"] == "PUBLISH"
    assert str(cal["X-WR-CALNAME"]) == f"{city.school.name} – vuosikello 2026–2027"

    first = by_uid[f"yearclock-entry-{group_building.pk}@yhdessa"]
    assert first.decoded("DTSTART") == datetime.date(2026, 8, 1)
    assert str(first["URL"]).endswith(f"/yearclock/{clock.pk}/#entry-{group_building.pk}")
    assert first.decoded("DTEND") == datetime.date(2026, 10, 1)  # the day after September's last
    assert str(first["SUMMARY"]) == "Ryhmäytyminen"
    description = str(first["DESCRIPTION"])
    assert "Luokat ryhmäytetään." in description
    assert "Opettaja" in description and city.teacher.get_full_name() in description
    assert str(first["STATUS"]) == "CONFIRMED"

    spanning = by_uid[f"yearclock-entry-{own.pk}@yhdessa"]
    assert spanning.decoded("DTSTART") == datetime.date(2026, 11, 1)
    assert spanning.decoded("DTEND") == datetime.date(2027, 3, 1)

    # Week 40 of autumn 2026: Monday to Friday, one event per week instead of the month.
    week = by_uid[f"yearclock-entry-{bullying.pk}-w40@yhdessa"]
    assert week.decoded("DTSTART") == datetime.date(2026, 9, 28)
    assert week.decoded("DTEND") == datetime.date(2026, 10, 3)
    assert f"yearclock-entry-{bullying.pk}@yhdessa" not in by_uid

    skipped = by_uid[f"yearclock-entry-{evaluation.pk}@yhdessa"]
    assert skipped.decoded("DTSTART") == datetime.date(2027, 5, 1)
    assert str(skipped["STATUS"]) == "CANCELLED"


def test_dropped_entries_are_left_out_and_uids_stay(city, clock, actor_for):
    principal = actor_for(city.principal)
    dropped = clock.entries.order_by("order").first()
    _cal, before = events(clock)
    clocks.entry_drop(actor=principal, entry=dropped)
    _cal, after = events(clock)
    assert f"yearclock-entry-{dropped.pk}@yhdessa" in before
    assert f"yearclock-entry-{dropped.pk}@yhdessa" not in after
    assert set(after) < set(before)


def test_a_swedish_school_gets_swedish_themes(city, clock, actor_for):
    city.school.language = "sv"
    city.school.save()
    entry = clock.entries.order_by("order").first()
    clocks.entry_update(actor=actor_for(city.principal), entry=entry, theme_sv="Gruppbildning")
    cal, by_uid = events(clock)
    assert str(by_uid[f"yearclock-entry-{entry.pk}@yhdessa"]["SUMMARY"]) == "Gruppbildning"
    assert "årsklocka" in str(cal["X-WR-CALNAME"])
