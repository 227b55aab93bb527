"""The school's yearclock from the city template, through the services."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from yearclock.models import EntrySource, EntryStatus, Yearclock, YearclockEntry
from yearclock.services import clocks

pytestmark = pytest.mark.django_db


def test_copy_move_drop_and_duplicate(city, clock, actor_for):
    principal = actor_for(city.principal)
    entries = list(clock.entries.order_by("order"))
    assert [e.theme for e in entries] == ["Ryhmäytyminen", "Kiusaamiskysely", "Lukuvuoden arviointi"]
    assert all(e.source == EntrySource.CITY for e in entries)
    with pytest.raises(ValidationError):
        clocks.yearclock_create(actor=principal, school=city.school, school_year=city.year)
    assert Yearclock.objects.count() == 1
    moved = clocks.entry_move(actor=principal, entry=entries[0], start_month=9, end_month=10)
    assert moved.months == [9, 10]
    with pytest.raises(ValidationError):
        clocks.entry_move(actor=principal, entry=entries[0], start_month=7, end_month=8)
    clocks.entry_drop(actor=principal, entry=entries[1])
    assert YearclockEntry.objects.get(pk=entries[1].pk).dropped
    own = clocks.entry_add(actor=principal, yearclock=clock, theme="Välkkärit", start_month=11, end_month=2)
    assert own.months == [11, 12, 1, 2]
    with pytest.raises(ValidationError):
        clocks.entry_set_status(actor=principal, entry=own, status=EntryStatus.SKIPPED)
    with pytest.raises(ValidationError):
        clocks.entry_update(actor=principal, entry=own, owner=city.coordinator)  # not staff of the school


def test_teacher_reads_but_cannot_change(city, clock, actor_for):
    teacher = actor_for(city.teacher)
    with pytest.raises(PermissionDenied):
        clocks.entry_add(actor=teacher, yearclock=clock, theme="X", start_month=8, end_month=8)
    assert clock.entries.count() == 3
