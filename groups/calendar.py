"""Calendar files of meetings (RFC 5545, made with `icalendar`): the invitation or cancellation that goes
with an e-mail, and a person's feed of their meetings.

One meeting is one calendar event everywhere: the UID is the meeting's `uid` and SEQUENCE its
`sequence`, so a calendar replaces the event on an update and removes it on METHOD:CANCEL. Times are
written in UTC, which every calendar shows in its own time zone.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from core.content import localized

from .models import Meeting

PRODID = "-//Yhdessä//Wellbeing groups//FI"
METHODS = ("REQUEST", "CANCEL")
UID_DOMAIN = "yhdessa"


def meeting_uid(meeting: Meeting) -> str:
    """The event's UID, the same for every update and the cancellation of the meeting."""
    return f"{meeting.uid}@{UID_DOMAIN}"


def meeting_url(meeting: Meeting) -> str:
    """The meeting page's address, or "" while the page is not there (no URL name yet)."""
    try:
        return settings.SITE_URL + reverse("group_meeting_detail", args=[meeting.pk])
    except NoReverseMatch:
        return ""


def meeting_summary(meeting: Meeting, language: str) -> str:
    """The meeting's title, else its group's name in `language`."""
    if meeting.title:
        return meeting.title
    group = meeting.group
    return str(localized(group.name_fi, group.name_sv, language))


def meeting_location(meeting: Meeting) -> str:
    return " – ".join(part for part in (meeting.place, meeting.online_link) if part)


def privacy_reminder() -> str:
    """Said with every meeting: communal groups never handle one pupil's matters."""
    return _(
        "Individual pupils' matters are not handled in communal wellbeing groups: they belong to the "
        "multi-professional expert group and the student welfare register."
    )


def meeting_description(meeting: Meeting) -> str:
    """The numbered agenda and the privacy reminder, in the active language."""
    items = list(meeting.agenda_items.all())  # one query, or none when prefetched
    lines = [_("Agenda:")] if items else []
    lines += [f"{n}. {item.title}" for n, item in enumerate(items, start=1)]
    if lines:
        lines.append("")
    lines.append(privacy_reminder())
    return "\n".join(lines)


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)


def _event(
    meeting: Meeting, *, cancelled: bool, language: str, stamp: datetime.datetime, with_url: bool = True
) -> Event:
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", stamp)
    event.add("dtstart", _utc(meeting.starts_at))
    event.add("dtend", _utc(meeting.ends_at))
    with translation.override(language):
        event.add("summary", meeting_summary(meeting, language))
        event.add("description", meeting_description(meeting))
    location = meeting_location(meeting)
    if location:
        event.add("location", location)
    url = meeting_url(meeting) if with_url else ""
    if url:
        event.add("url", url)
    convener = meeting.group.convener
    if convener is not None and convener.email:
        organizer = vCalAddress(f"mailto:{convener.email}")
        name = convener.get_full_name()
        if name:
            organizer.params["cn"] = vText(name)
        event.add("organizer", organizer, encode=False)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def _calendar(method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    return calendar


def meeting_ics(
    meeting: Meeting, *, method: str = "REQUEST", language: str = "fi", with_url: bool = True
) -> bytes:
    """The calendar file of one meeting: METHOD:REQUEST (an invitation or its update) or METHOD:CANCEL.
    `with_url=False` leaves out the meeting page (for people without an account, who cannot open it)."""
    if method not in METHODS:
        raise ValueError(f"Unknown calendar method {method!r}")
    calendar = _calendar(method)
    calendar.add_component(
        _event(
            meeting,
            cancelled=method == "CANCEL",
            language=language,
            stamp=timezone.now(),
            with_url=with_url,
        )
    )
    return calendar.to_ical()


def personal_feed_ics(meetings: Iterable[Meeting], *, name: str, language: str = "fi") -> bytes:
    """A person's calendar feed (METHOD:PUBLISH): one event per meeting, cancelled ones marked so."""
    calendar = _calendar("PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for meeting in meetings:
        calendar.add_component(
            _event(meeting, cancelled=meeting.is_cancelled, language=language, stamp=stamp)
        )
    return calendar.to_ical()
