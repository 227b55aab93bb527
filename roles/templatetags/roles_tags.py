"""Template filters of the roles tool: month names of an act; document texts in Finnish and Swedish."""

from __future__ import annotations

from collections.abc import Mapping

from django import template

from core.content import LocalizedText
from roles import content
from roles.selectors import month_names as _month_names

register = template.Library()


@register.filter
def month_names(months: list[int] | None) -> str:
    """ "September, October" for [9, 10], in the UI language; empty when no month is named."""
    return ", ".join(_month_names(months or []))


@register.filter
def doc_name(item: Mapping) -> LocalizedText:
    """The name of a frozen document's role or section in the UI language (Finnish when no Swedish)."""
    return content.doc_name(item)


@register.filter
def doc_description(role: Mapping) -> LocalizedText:
    """A document role's description in the UI language (Finnish when no Swedish)."""
    return content.doc_description(role)


@register.filter
def doc_responsibilities(role: Mapping) -> list[LocalizedText]:
    """A document role's responsibilities in the UI language, line by line."""
    return content.doc_responsibilities(role)
