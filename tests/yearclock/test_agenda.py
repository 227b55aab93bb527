"""The agenda of a school group's meeting proposes the yearclock's entries of its month and level,
through the agenda-suggestion registry; approved minutes make the handled entry done."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from core.registries import agenda_suggestions
from groups.models import Attachment, Meeting
from groups.services import meetings, minutes, structure
from yearclock.agenda import Suggestion
from yearclock.models import EntryStatus, YearclockEntry
from yearclock.services import clocks

pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour: int = 14) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def october_meeting(city, levels, actor_for):
    principal = actor_for(city.principal)
    group = structure.group_create(
        actor=principal,
        level=levels[Attachment.SCHOOL],
        name_fi="Koulun hyvinvointiryhmä",
        school=city.school,
    )
    soon = timezone.localdate() + datetime.timedelta(days=10)
    meeting = meetings.meeting_create(actor=principal, group=group, starts_at=at(soon), ends_at=at(soon, 15))
    # Meetings are created in the future; put this one in October of the school year.
    october = datetime.date(2026, 10, 15)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=at(october), ends_at=at(october, 15))
    meeting.refresh_from_db()
    return meeting


def suggested(actor, meeting) -> list[Suggestion]:
    return agenda_suggestions.get("yearclock")(actor, meeting)


def test_an_october_meeting_gets_the_octobers_entries_of_its_level(
    city, clock, levels, october_meeting, actor_for
):
    principal = actor_for(city.principal)
    bullying = clock.entries.get(theme="Kiusaamiskysely")  # October, no level: any group's
    school_level = clocks.entry_add(
        actor=principal,
        yearclock=clock,
        theme="Hyvinvointikysely",
        theme_sv="Välmåendeenkät",
        start_month=9,
        end_month=11,
        level=levels[Attachment.SCHOOL],
    )
    clocks.entry_add(  # the stage groups' October entry
        actor=principal,
        yearclock=clock,
        theme="Luokan ryhmäytys",
        start_month=10,
        end_month=10,
        level=levels[Attachment.STAGE],
    )
    done = clocks.entry_add(actor=principal, yearclock=clock, theme="Valmis jo", start_month=10, end_month=10)
    clocks.entry_set_status(actor=principal, entry=done, status=EntryStatus.DONE)
    dropped = clock.entries.get(theme="Ryhmäytyminen")  # August–September: not October anyway

    result = suggested(principal, october_meeting)
    assert [s.key for s in result] == [bullying.agenda_key, school_level.agenda_key]
    assert [s.title for s in result] == ["Kiusaamiskysely", "Hyvinvointikysely"]
    assert dropped.agenda_key not in {s.key for s in result}

    # Taken onto the agenda: no longer proposed.
    meetings.agenda_item_add(
        actor=principal, meeting=october_meeting, title="Kiusaamiskysely", source=bullying.agenda_key
    )
    assert [s.key for s in suggested(principal, october_meeting)] == [school_level.agenda_key]

    # The minutes are approved: the entry handled in the meeting is done, the other one is not.
    october_meeting.refresh_from_db()
    minutes.minutes_save(
        actor=principal,
        meeting=october_meeting,
        version=october_meeting.version,
        general="Käsiteltiin.",
        items={},
    )
    october_meeting.refresh_from_db()
    minutes.minutes_approve(actor=principal, meeting=october_meeting)
    assert YearclockEntry.objects.get(pk=bullying.pk).status == EntryStatus.DONE
    assert YearclockEntry.objects.get(pk=school_level.pk).status == EntryStatus.PLANNED


def test_dropped_entries_and_other_school_years_are_not_proposed(city, clock, october_meeting, actor_for):
    principal = actor_for(city.principal)
    bullying = clock.entries.get(theme="Kiusaamiskysely")
    clocks.entry_drop(actor=principal, entry=bullying)
    assert suggested(principal, october_meeting) == []
    clocks.entry_restore(actor=principal, entry=bullying)
    assert [s.key for s in suggested(principal, october_meeting)] == [bullying.agenda_key]
    # The same month a year earlier is another school year, whose school has no yearclock.
    earlier = datetime.date(2025, 10, 15)
    Meeting.objects.filter(pk=october_meeting.pk).update(starts_at=at(earlier), ends_at=at(earlier, 15))
    october_meeting.refresh_from_db()
    assert suggested(principal, october_meeting) == []


def test_a_city_group_gets_no_suggestions(city, clock, levels, actor_for):
    coordinator = actor_for(city.coordinator)
    city_level = levels[Attachment.MUNICIPALITY]
    group = structure.group_create(actor=coordinator, level=city_level, name_fi="Ohjausryhmä")
    soon = timezone.localdate() + datetime.timedelta(days=10)
    meeting = meetings.meeting_create(
        actor=coordinator, group=group, starts_at=at(soon), ends_at=at(soon, 15)
    )
    assert suggested(coordinator, meeting) == []
