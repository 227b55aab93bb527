"""Template helpers of the meeting pages (no queries: they only sort what the view loaded)."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils import timezone

from groups.models import Meeting

register = template.Library()


@register.filter
def split_meetings(meetings: Iterable[Meeting] | None) -> dict[str, list[Meeting]]:
    """Upcoming (not yet ended, soonest first) and past (latest first) meetings."""
    now = timezone.now()
    rows = list(meetings or [])
    return {
        "upcoming": sorted((m for m in rows if m.ends_at >= now), key=lambda m: m.starts_at),
        "past": sorted((m for m in rows if m.ends_at < now), key=lambda m: m.starts_at, reverse=True),
    }
