"""HTML → PDF with WeasyPrint: the only module that imports it."""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyphen
from django.template.loader import render_to_string
from weasyprint import HTML, URLFetcher

# Pyphen ships Swedish patterns but no Finnish ones; register ours so `hyphens: auto` works for
# `lang="fi"` too (WeasyPrint asks Pyphen by the element's language).
_FINNISH = Path(__file__).resolve().parent / "hyphenation" / "hyph_fi.dic"
pyphen.LANGUAGES.setdefault("fi", _FINNISH)
pyphen.LANGUAGES_LOWERCASE.setdefault("fi", "fi")

# WeasyPrint logs every layout step of every page at INFO: noise in the server's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """WeasyPrint allocates hundreds of thousands of short-lived objects; in a full Django process
    the cyclic collector's passes over them cost about a tenth of a large render. Refcounting still
    frees almost everything; what cycles remain are collected once the collector is back on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def render_pdf(
    template_name: str, context: dict[str, Any], *, base_url: str, pdf_variant: str | None = None
) -> bytes:
    """Render a Django template to HTML and print it; `base_url` resolves relative links.

    `pdf_variant="pdf/ua-1"` prints a tagged PDF (structure tree, MarkInfo, the `<html lang>` as the
    document language, `<title>` as the title shown by viewers, headings' `bookmark-level` as outline).

    Documents carry their styles and images inline: the fetcher allows `data:` URLs only, so
    nothing in a document can make the server read a file or call out to the network.
    """
    html = render_to_string(template_name, context)
    fetcher = URLFetcher(allowed_protocols=("data",))
    with _cyclic_gc_paused():
        return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(pdf_variant=pdf_variant)
