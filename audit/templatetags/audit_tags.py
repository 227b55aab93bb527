"""Showing differences: `{% word_diff before after %}`, and the filters the history partial uses.

Deleted words are wrapped in `<del class="diff">`, inserted ones in `<ins class="diff">` (styled in
static/css/yhdessa.css: struck through / boxed, never underlined like a link), each starting with a
visually hidden "deleted:" / "inserted:" so that screen readers say what changed. Texts are escaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from audit import diff
from audit.diff import DELETE, INSERT, FieldChange, Op

register = template.Library()


def render_ops(ops: Iterable[Op], *, announce: bool = True) -> SafeString:
    """The pieces as HTML, every text escaped. `announce=False` leaves out the hidden words where a
    visible label already says it (a whole added or removed line).

    Spaces at the edges of a change are written outside its mark, so the box holds only words
    ("huolehtii [aina] koulun", not "huolehtii[ aina] koulun"); a change of whitespace alone shows
    the new spacing."""
    marks = {DELETE: ("del", gettext("deleted:")), INSERT: ("ins", gettext("inserted:"))}
    html = []
    for op, text in ops:
        if op not in marks:
            html.append(escape(text))
            continue
        core = text.strip()
        if not core:
            html.append(escape(text) if op == INSERT else "")
            continue
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        tag, words = marks[op]
        hidden = format_html('<span class="visually-hidden">{} </span>', words) if announce else ""
        html.append(format_html('{}<{} class="diff">{}{}</{}>{}', lead, tag, hidden, core, tag, trail))
    return mark_safe("".join(html))  # noqa: S308 (every piece was escaped above)


@register.simple_tag
def word_diff(before: str | None, after: str | None) -> SafeString:
    """`{% word_diff old_text new_text %}`: the new text with deleted and inserted words marked."""
    return render_ops(diff.word_diff(str(before or ""), str(after or "")))


@register.filter
def diff_html(ops: Iterable[Op], mode: str = "") -> SafeString:
    """`{{ change.ops|diff_html }}`; `|diff_html:"quiet"` without the screen-reader words."""
    return render_ops(ops, announce=mode != "quiet")


@register.filter
def audit_changes(event: Any, labels: Mapping[str, Any] | None) -> list[FieldChange]:
    """`{% for change in event|audit_changes:labels %}`: the labelled fields the event changed."""
    return diff.field_changes(event, labels or {})
