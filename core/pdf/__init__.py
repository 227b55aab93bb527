"""The PDF engine every app prints its documents with: WeasyPrint, a fetcher that reaches nothing,
Finnish and Swedish hyphenation, the shared print stylesheet (`core/pdf/print.css`) and CSS helpers for
running headers and footers."""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .engine import render_pdf

__all__ = ["css_page_counter", "css_string", "render_pdf"]


def css_string(value: str) -> SafeString:
    """A quoted CSS string for a margin box's `content`: anything but plain letters, digits and a few
    punctuation marks is hex-escaped, so no school name can end the string or the <style> element."""
    safe = set(" .,·–-:/()'")
    escaped = "".join(c if c.isalnum() or c in safe else f"\\{ord(c):x} " for c in value)
    return mark_safe(f'"{escaped}"')  # noqa: S308  (escaped above)


def css_page_counter() -> SafeString:
    """The translated "Page X of Y" as CSS `content`, with the counters in the translator's order."""
    template = _("Page %(number)s of %(count)s") % {"number": "\0page\0", "count": "\0pages\0"}
    tokens = []
    for i, piece in enumerate(template.split("\0")):
        if i % 2:
            tokens.append(f"counter({piece})")
        elif piece:
            tokens.append(css_string(piece))
    return mark_safe(" ".join(tokens))  # noqa: S308  (counters and escaped strings only)
