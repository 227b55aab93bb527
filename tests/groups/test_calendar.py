"""Calendar files of meetings: they parse with a calendar library and carry what calendars need."""

from __future__ import annotations

import datetime

import pytest
from icalendar import Calendar

from groups.calendar import meeting_ics, personal_feed_ics
from groups.models import MeetingState

from .meeting_helpers import meeting_of, school_group

pytestmark = pytest.mark.django_db


def events(ics: bytes) -> tuple[Calendar, list]:
    calendar = Calendar.from_ical(ics)
    return calendar, list(calendar.walk("VEVENT"))


def test_invitation_is_a_request_with_stable_uid_and_sequence(city):
    meeting = meeting_of(school_group(city), place="Auditorio", online_link="https://meet.example/abc")

    calendar, [event] = events(meeting_ics(meeting))

    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(calendar["VERSION"]) == "2.0" and "Yhdessä" in str(calendar["PRODID"])
    assert str(event["UID"]) == f"{meeting.uid}@yhdessa"
    assert int(event["SEQUENCE"]) == 0
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event.decoded("DTSTART") == meeting.starts_at.astimezone(datetime.UTC)
    assert event.decoded("DTEND") == meeting.ends_at.astimezone(datetime.UTC)
    assert event.decoded("DTSTART").tzinfo is not None
    assert "DTSTAMP" in event
    assert str(event["SUMMARY"]) == "Koulun opiskeluhuoltoryhmä"
    assert "Auditorio" in str(event["LOCATION"]) and "https://meet.example/abc" in str(event["LOCATION"])
    description = str(event["DESCRIPTION"])
    assert "1. Kouluruokailun rauhoittaminen" in description
    assert "2. Kiusaamisen ehkäisy; välitunnit, käytävät" in description
    assert "Yksittäisen oppilaan asioita ei käsitellä" in description
    assert str(event["ORGANIZER"]) == f"mailto:{city.principal.email}"
    assert event["ORGANIZER"].params["CN"] == city.principal.get_full_name()


def test_an_update_keeps_the_uid_and_raises_the_sequence(city):
    meeting = meeting_of(school_group(city))
    _calendar, [first] = events(meeting_ics(meeting))

    meeting.starts_at += datetime.timedelta(days=1)
    meeting.ends_at += datetime.timedelta(days=1)
    meeting.sequence = 1
    meeting.save()
    _calendar, [update] = events(meeting_ics(meeting))

    assert update["UID"] == first["UID"]
    assert int(update["SEQUENCE"]) == 1
    assert update.decoded("DTSTART") == first.decoded("DTSTART") + datetime.timedelta(days=1)


def test_cancellation_is_the_same_event_with_method_cancel(city):
    meeting = meeting_of(school_group(city), sequence=2, state=MeetingState.CANCELLED)

    calendar, [event] = events(meeting_ics(meeting, method="CANCEL"))

    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == f"{meeting.uid}@yhdessa" and int(event["SEQUENCE"]) == 2


def test_unknown_method_is_refused(city):
    with pytest.raises(ValueError):
        meeting_ics(meeting_of(school_group(city)), method="PUBLISH")


def test_summary_follows_the_language_and_the_title(city):
    meeting = meeting_of(school_group(city))
    _calendar, [swedish] = events(meeting_ics(meeting, language="sv"))
    assert str(swedish["SUMMARY"]) == "Skolans elevhälsogrupp"
    assert "Dagordning" in str(swedish["DESCRIPTION"])

    meeting.title = "Syksyn aloituskokous"
    _calendar, [titled] = events(meeting_ics(meeting, language="sv"))
    assert str(titled["SUMMARY"]) == "Syksyn aloituskokous"


def test_text_with_calendar_syntax_stays_text(city):
    meeting = meeting_of(school_group(city), title="Kokous, osa 1; alku\\loppu", place="Sali A, 2. krs")
    ics = meeting_ics(meeting)

    _calendar, [event] = events(ics)
    assert str(event["SUMMARY"]) == "Kokous, osa 1; alku\\loppu"
    assert str(event["LOCATION"]) == "Sali A, 2. krs"
    assert b"BEGIN:VEVENT" in ics and ics.count(b"BEGIN:VEVENT") == 1


def test_personal_feed_publishes_every_meeting_and_marks_cancelled_ones(city):
    group = school_group(city)
    upcoming = meeting_of(group, days=5)
    cancelled = meeting_of(group, days=9, state=MeetingState.CANCELLED, sequence=1)

    calendar, found = events(personal_feed_ics([upcoming, cancelled], name="Riitan kokoukset"))

    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "Riitan kokoukset"
    by_uid = {str(event["UID"]): event for event in found}
    assert set(by_uid) == {f"{upcoming.uid}@yhdessa", f"{cancelled.uid}@yhdessa"}
    assert str(by_uid[f"{upcoming.uid}@yhdessa"]["STATUS"]) == "CONFIRMED"
    assert str(by_uid[f"{cancelled.uid}@yhdessa"]["STATUS"]) == "CANCELLED"
    assert int(by_uid[f"{cancelled.uid}@yhdessa"]["SEQUENCE"]) == 1
