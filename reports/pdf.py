"""HTML → PDF with WeasyPrint: the only module that imports it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyphen
from django.template.loader import render_to_string
from weasyprint import HTML

# Pyphen ships Swedish patterns but no Finnish ones; register ours so `hyphens: auto` works for
# `lang="fi"` too (WeasyPrint asks Pyphen by the element's language).
_FINNISH = Path(__file__).resolve().parent / "hyphenation" / "hyph_fi.dic"
pyphen.LANGUAGES.setdefault("fi", _FINNISH)
pyphen.LANGUAGES_LOWERCASE.setdefault("fi", "fi")


def render_pdf(template_name: str, context: dict[str, Any], *, base_url: str) -> bytes:
    """Render a Django template to HTML and print it; `base_url` resolves relative links and assets."""
    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=base_url).write_pdf()
