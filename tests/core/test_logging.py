"""A refused request is one line in the log; a server error keeps its traceback."""

from __future__ import annotations

import logging
import sys

import pytest
from django.urls import reverse

from core.logging import OneLineClientErrors


def formatted(record: logging.LogRecord) -> str:
    return logging.Formatter().format(record)


@pytest.mark.django_db
def test_a_refused_page_is_logged_as_one_line_without_traceback(city, as_user, caplog):
    client = as_user(city.teacher)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(reverse("member_list"))
    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    record = records[0]
    assert record.status_code == 403 and record.exc_info is None
    line = formatted(record)
    assert line == "Forbidden (Permission denied): /people/"
    assert "Traceback" not in caplog.text


@pytest.mark.django_db
def test_a_suspicious_request_is_logged_as_one_line_too(client, caplog):
    """django.security.* records pass the console handler's filter."""
    with caplog.at_level(logging.ERROR, logger="django.security"):
        response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    records = [r for r in caplog.records if r.name.startswith("django.security")]
    assert records and all(r.exc_info is None for r in records)
    assert "Traceback" not in caplog.text


def test_a_server_error_keeps_its_traceback():
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        exc_info = sys.exc_info()
    record = logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, "Internal Server Error: /", (), exc_info
    )
    record.status_code = 500
    assert OneLineClientErrors().filter(record)
    assert "Traceback" in formatted(record) and "RuntimeError: boom" in formatted(record)


def test_the_filter_is_installed_where_refusals_are_logged():
    assert any(isinstance(f, OneLineClientErrors) for f in logging.getLogger("django.request").filters)
    console = [h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler]
    assert console and all(any(isinstance(f, OneLineClientErrors) for f in h.filters) for h in console)
