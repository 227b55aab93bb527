"""Agenda suggestions: when a meeting's agenda is written, the yearclock proposes the month's entries
for the group's level (groups asks `core.registries.agenda_suggestions`; it never imports yearclock)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from schools.tenancy import Actor

from . import selectors


@dataclass(frozen=True)
class Suggestion:
    """`key` goes into the agenda item's `source`; `title` is the item's proposed matter."""

    key: str
    title: str
    description: str = ""


def suggest(actor: Actor, meeting: Any) -> list[Suggestion]:
    """The open entries of the meeting's month in its school's yearclock, for the group's level (or
    for none in particular), not yet on the agenda. A city-level group (no school) gets none."""
    group = meeting.group
    if group.school_id is None:
        return []
    day = timezone.localtime(meeting.starts_at).date()
    taken = set(meeting.agenda_items.exclude(source="").values_list("source", flat=True))
    return [
        Suggestion(
            key=entry.agenda_key,
            title=str(entry.localized_theme),
            description=str(entry.localized_description),
        )
        for entry in selectors.month_entries_for_meeting(group.school_id, day, group.level_id)
        if entry.agenda_key not in taken
    ]
