"""Template filters of the yearclock pages: month names and an entry's time span."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.dates import MONTHS
from django.utils.text import capfirst
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def month_name(month: int) -> str:
    """ "August" for 8, in the UI language, capitalised for a heading."""
    return capfirst(str(MONTHS[month])) if month in MONTHS else ""


@register.filter
def entry_span(entry: Any) -> str:
    """ "September–November, weeks 40, 41" — the months (and specific weeks) of an entry."""
    start, end = capfirst(str(MONTHS[entry.start_month])), str(MONTHS[entry.end_month])
    span = start if entry.start_month == entry.end_month else f"{start}–{end}"
    if entry.weeks:
        weeks = ", ".join(str(w) for w in entry.weeks)
        span += ", " + (_("week %(weeks)s") if len(entry.weeks) == 1 else _("weeks %(weeks)s")) % {
            "weeks": weeks
        }
    return span


@register.filter
def evaluation_labels(values: list[str]) -> str:
    from ..models import EvaluationSource

    labels = dict(EvaluationSource.choices)
    return ", ".join(str(labels.get(v, v)) for v in values or [])
