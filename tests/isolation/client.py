"""Sending one request of the matrix: JSON to the API, form data to the pages."""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode

from django.contrib.messages import constants, get_messages
from django.http import HttpResponse
from django.test import Client


def send(client: Client, method: str, url: str, body: dict | None = None, **extra) -> HttpResponse:
    body = body or {}
    if url.startswith("/api/"):
        if method == "get":
            return client.get(url, **extra)
        return getattr(client, method)(url, data=json.dumps(body), content_type="application/json", **extra)
    if method == "get":
        return client.get(url, **extra)
    if method == "post":
        return client.post(url, body, **extra)
    return getattr(client, method)(
        url, data=urlencode(body, doseq=True), content_type="application/x-www-form-urlencoded", **extra
    )


def error_messages(response: HttpResponse) -> list[str]:
    """The error messages a page queued for the next page (a refusal shown after a redirect)."""
    return [str(m) for m in get_messages(response.wsgi_request) if m.level >= constants.ERROR]


def form_errors(response: HttpResponse) -> list[str]:
    """Errors of every bound form a re-rendered page shows."""
    found = []
    for context in response.context or []:
        for value in context.flatten().values() if hasattr(context, "flatten") else []:
            errors = getattr(value, "errors", None)
            if getattr(value, "is_bound", False) and errors:
                found.append(str(errors))
    return found


# The switcher of a person who serves both towns rightly names both: left out where pages are read.
SWITCHER = re.compile(r'<form[^>]*class="[^"]*municipality-switch.*?</form>', re.S)


def page_text(response: HttpResponse) -> str:
    """The page without the municipality switcher; a spreadsheet (reports' XLSX) as the text of its XML
    parts, so that its cells are searched for the other town's names too."""
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        import io
        import zipfile

        with zipfile.ZipFile(io.BytesIO(response.content)) as book:
            return " ".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xml"))
    return SWITCHER.sub("", response.content.decode())
