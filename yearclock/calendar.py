"""The school's yearclock as an iCalendar (RFC 5545) document, for the calendar feed.

Every entry is an all-day event over its months in the clock's school year (August–December in the
year the school year starts, January–July in the next); an entry kept for specific ISO weeks is one
Monday–Friday event per week instead. UIDs are stable, so a subscribed calendar updates the events
rather than duplicating them.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from icalendar import Calendar, Event

from core.content import localized

from .models import EntryStatus, Yearclock, YearclockEntry

PRODID = "-//Yhdessä//Yearclock//FI"
UID_DOMAIN = "yhdessa"


def calendar_year(clock: Yearclock, month: int) -> int:
    """The calendar year of `month` (1–12) within the clock's school year."""
    start_year = clock.school_year.starts_on.year
    return start_year if month >= 8 else start_year + 1


def month_span(clock: Yearclock, start_month: int, end_month: int) -> tuple[datetime.date, datetime.date]:
    """The first day of the start month and the day after the end month's last day (exclusive end)."""
    first = datetime.date(calendar_year(clock, start_month), start_month, 1)
    end_year = calendar_year(clock, end_month)
    last_day = month_calendar.monthrange(end_year, end_month)[1]
    return first, datetime.date(end_year, end_month, last_day) + datetime.timedelta(days=1)


def week_span(clock: Yearclock, week: int) -> tuple[datetime.date, datetime.date] | None:
    """Monday to Friday (end exclusive: Saturday) of ISO week `week` in the school year: weeks 31–53
    fall in the autumn's year, 1–30 in the spring's. None for a week 53 the year does not have."""
    start_year = clock.school_year.starts_on.year
    year = start_year if week >= 31 else start_year + 1
    try:
        monday = datetime.date.fromisocalendar(year, week, 1)
    except ValueError:
        return None
    return monday, monday + datetime.timedelta(days=5)


def _description(entry: YearclockEntry, language: str) -> str:
    lines = []
    text = localized(entry.description, entry.description_sv, language)
    if text:
        lines.append(str(text))
    roles = [str(localized(r.name_fi, r.name_sv, language)) for r in entry.roles.all()]
    with override(language):
        if roles:
            lines.append(_("Responsible: %(roles)s") % {"roles": ", ".join(roles)})
        if entry.owner is not None:
            lines.append(_("Owner: %(name)s") % {"name": entry.owner.get_full_name()})
        if entry.status == EntryStatus.SKIPPED and entry.skip_reason:
            lines.append(_("Skipped: %(reason)s") % {"reason": entry.skip_reason})
    return "\n\n".join(lines)


def _event(
    entry: YearclockEntry,
    uid: str,
    span: tuple[datetime.date, datetime.date],
    language: str,
    stamp: datetime.datetime,
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", span[0])
    event.add("dtend", span[1])
    event.add("summary", str(localized(entry.theme, entry.theme_sv, language)))
    description = _description(entry, language)
    if description:
        event.add("description", description)
    event.add("status", "CANCELLED" if entry.status == EntryStatus.SKIPPED else "CONFIRMED")
    event.add("transp", "TRANSPARENT")  # a theme of the month does not make anyone busy
    # Back to the entry on the school's yearclock (the page asks the reader to sign in).
    event.add(
        "url", f"{settings.SITE_URL}{reverse('yearclock_detail', args=[entry.yearclock_id])}#entry-{entry.pk}"
    )
    if entry.updated_at:
        event.add("last-modified", entry.updated_at)
    return event


def yearclock_ics(clock: Yearclock, entries: Iterable[YearclockEntry]) -> bytes:
    """The clock as a VCALENDAR (METHOD:PUBLISH), in the school's language. `entries` come from
    `selectors.entries_of` (roles and owner loaded); dropped ones are left out."""
    language = clock.school.language
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    with override(language):
        name = _("%(school)s – yearclock %(year)s") % {
            "school": clock.school.name,
            "year": clock.school_year.name,
        }
    cal.add("x-wr-calname", name)
    stamp = timezone.now().replace(microsecond=0)
    for entry in entries:
        if entry.dropped:
            continue
        base_uid = f"yearclock-entry-{entry.pk}"
        if entry.weeks:
            for week in entry.weeks:
                span = week_span(clock, int(week))
                if span is not None:
                    cal.add_component(
                        _event(entry, f"{base_uid}-w{week}@{UID_DOMAIN}", span, language, stamp)
                    )
        else:
            span = month_span(clock, entry.start_month, entry.end_month)
            cal.add_component(_event(entry, f"{base_uid}@{UID_DOMAIN}", span, language, stamp))
    return cal.to_ical()
