"""Template filters of the roles tool: month names of an act and names kept in Finnish and Swedish."""

from __future__ import annotations

from collections.abc import Mapping

from django import template
from django.utils.translation import get_language

from roles.selectors import month_names as _month_names

register = template.Library()


@register.filter
def month_names(months: list[int] | None) -> str:
    """ "September, October" for [9, 10], in the UI language; empty when no month is named."""
    return ", ".join(_month_names(months or []))


@register.filter
def doc_name(item: Mapping) -> str:
    """The name of a frozen document's role or section in the UI language (Finnish when no Swedish)."""
    if (get_language() or "fi").startswith("sv") and item.get("name_sv"):
        return item["name_sv"]
    return item.get("name_fi", "")
