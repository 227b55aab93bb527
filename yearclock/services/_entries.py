"""What the template's and the schools' entries share: checking and applying their fields."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.text import check_shared_text, normalize_newlines
from schools.tenancy import Actor

from ..models import SCHOOL_YEAR_MONTHS, EntryFields, EvaluationSource, month_position

ALLOWED = {
    "theme",
    "theme_sv",
    "description",
    "description_sv",
    "start_month",
    "end_month",
    "weeks",
    "level",
    "participants",
    "evaluation_sources",
    "is_active",
}


def refuse(message: str, field: str | None = None, code: str = "invalid") -> None:
    raise ValidationError({field: [message]} if field else message, code=code)


def check_months(start: object, end: object) -> tuple[int, int]:
    """Calendar months 1–12, the end not before the start in school-year order (August first)."""
    try:
        start_i, end_i = int(start), int(end)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        refuse(_("Choose the months of the school year (August to July)."), "start_month")
    if start_i not in SCHOOL_YEAR_MONTHS:
        refuse(_("Choose a month of the school year (August to July)."), "start_month")
    if end_i not in SCHOOL_YEAR_MONTHS:
        refuse(_("Choose a month of the school year (August to July)."), "end_month")
    if month_position(end_i) < month_position(start_i):
        refuse(_("The entry ends before it starts: the school year runs from August to July."), "end_month")
    return start_i, end_i


def check_weeks(weeks: Iterable[object], start: int, end: int) -> list[int]:
    """ISO week numbers inside the entry's months (a week belongs to the month its Thursday is in,
    roughly: weeks 31–53 are August–December, 1–30 January–July)."""
    cleaned: list[int] = []
    for week in weeks or []:
        try:
            number = int(week)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            refuse(_("Weeks are numbers from 1 to 53."), "weeks")
        if not 1 <= number <= 53:
            refuse(_("Weeks are numbers from 1 to 53."), "weeks")
        cleaned.append(number)
    if len(cleaned) > 10:
        refuse(_("Give at most ten weeks."), "weeks")
    months = SCHOOL_YEAR_MONTHS[month_position(start) : month_position(end) + 1]
    for number in cleaned:
        if week_month(number) not in months:
            refuse(
                _("Week %(week)s is not in the entry's months.") % {"week": number},
                "weeks",
            )
    return sorted(set(cleaned))


def week_month(week: int) -> int:
    """The month an ISO week's Thursday falls in, in a typical school year (weeks 31–53 in autumn)."""
    year = 2026 if week >= 31 else 2027
    week = min(week, 53 if year == 2026 else 52)
    return datetime.date.fromisocalendar(year, week, 4).month


def apply_entry_fields(actor: Actor, entry: EntryFields, fields: dict[str, Any]) -> None:
    unknown = set(fields) - ALLOWED
    if unknown:
        raise TypeError(f"unknown entry fields {sorted(unknown)}")
    for name in ("theme", "theme_sv", "participants"):
        if name in fields:
            setattr(entry, name, (fields[name] or "").strip())
    for name in ("description", "description_sv"):
        if name in fields:
            setattr(entry, name, normalize_newlines(fields[name] or ""))
    if not entry.theme:
        refuse(_("Write the theme."), "theme")
    start = fields.get("start_month", entry.start_month)
    end = fields.get("end_month", entry.end_month if entry.end_month else start)
    entry.start_month, entry.end_month = check_months(start, end)
    # Weeks must stay inside the months, also when only the months changed.
    entry.weeks = check_weeks(fields.get("weeks", entry.weeks), entry.start_month, entry.end_month)
    if "level" in fields:
        level = fields["level"]
        if level is not None and level.municipality_id != actor.municipality.pk:
            refuse(_("Choose a group level of your municipality."), "level")
        entry.level = level
    if "evaluation_sources" in fields:
        sources = list(dict.fromkeys(fields["evaluation_sources"] or []))
        if any(s not in EvaluationSource.values for s in sources):
            refuse(_("Choose evaluation sources from the list."), "evaluation_sources")
        entry.evaluation_sources = sources
    for name in ("theme", "theme_sv", "description", "description_sv", "participants"):
        check_shared_text(getattr(entry, name), field=name)


def set_roles(actor: Actor, entry: Any, roles: Iterable[Any]) -> None:
    roles = list(roles)
    if any(r.municipality_id != actor.municipality.pk for r in roles):
        refuse(_("Choose roles of your municipality."), "roles")
    entry.roles.set(roles)
