"""Logging filters."""

from __future__ import annotations

import logging


class OneLineClientErrors(logging.Filter):
    """A refused request (4xx) is logged as one line, without the traceback Django attaches.

    Django logs every PermissionDenied on django.request, and every SuspiciousOperation (an oversized
    body, a bad Host header) on django.security.*, with the exception's full traceback: noise for
    what is an ordinary refusal. A 5xx keeps its traceback. Installed on the django.request logger and
    on the console handler (which also sees django.security.* records)."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500 and record.exc_info:
            record.exc_info = None
            record.exc_text = None
        return True
