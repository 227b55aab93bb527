"""Sending Notification rows: each kind has a handler that composes the message, or says it is no
longer needed. Apps register their handlers in their `notifications.py` (imported from AppConfig.ready).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone, translation

from .models import Notification

logger = logging.getLogger(__name__)

Handler = Callable[[Notification], EmailMultiAlternatives | None]
HANDLERS: dict[str, Handler] = {}


def handles(kind: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        HANDLERS[kind] = fn
        return fn

    return register


def send_due(*, now: datetime.datetime | None = None, limit: int = 200) -> int:
    """Send every due, unsent notification (one transaction per row); returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    failed: set[int] = set()
    for _ in range(limit):
        current = None
        try:
            with transaction.atomic():
                row = (
                    Notification.objects.select_for_update(skip_locked=True)
                    .select_related("recipient")
                    .filter(sent_at__isnull=True, due_at__lte=now)
                    .exclude(pk__in=failed)
                    .order_by("due_at", "id")
                    .first()
                )
                if row is None:
                    break
                current = row.pk
                handler = HANDLERS.get(row.kind)
                message = None
                if handler is not None and row.recipient.is_active:
                    with translation.override(row.recipient.preferred_language):
                        message = handler(row)
                if message is not None:
                    message.send()
                    row.outcome = Notification.Outcome.SENT
                else:
                    row.outcome = Notification.Outcome.SKIPPED
                row.sent_at = timezone.now()
                row.save(update_fields=["sent_at", "outcome"])
                sent += row.outcome == Notification.Outcome.SENT
        except Exception:
            # The row stays unsent for the next run (an SMTP hiccup); the others still go out now.
            logger.exception("Sending notification %s failed", current)
            if current is None:
                raise
            failed.add(current)
    return sent
