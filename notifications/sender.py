"""The sender: claims due rows, composes and delivers each outside any transaction, then marks it.

1. Claim: one short transaction selects due, unclaimed rows with `select_for_update(skip_locked=True)`
   (two senders never wait for nor take each other's rows) and sets `claimed_until`, a lease. A row
   whose worker died is taken again once its lease has expired.
2. Deliver, outside any transaction: just before each row the lease is renewed only if it is still
   ours (a compare-and-set on `claimed_until`), so a row another sender has re-claimed is left to it.
   The row is composed in the recipient's language and goes by its channel: e-mail (the SMTP
   connection gives up after `EMAIL_TIMEOUT`), the daily summary, or only the inbox.
3. Mark: one UPDATE per row records the outcome.

A failing row counts an attempt, keeps a one-line error and backs off exponentially; after
`NOTIFICATIONS_MAX_ATTEMPTS` it is set aside (outcome "failed", one log line). A recipient the mail
server refuses is recorded at once and never retried. The batch size counts rows claimed and a run
keeps claiming batches until nothing is due, so failing rows never hold back anyone else's mail.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
import time
from collections.abc import Callable

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import ngettext

from core import page_cache

from .kinds import Message, kinds
from .models import Channel, Notification, NotificationPreference, Outcome

logger = logging.getLogger(__name__)

LEASE = datetime.timedelta(minutes=5)
BATCH_SIZE = 100
# A run stops claiming new batches after this long, well inside Celery's soft time limit.
RUN_SECONDS = 180
BACKOFF_BASE = datetime.timedelta(minutes=5)
BACKOFF_CAP = datetime.timedelta(hours=6)

Clock = Callable[[], datetime.datetime]


def _clock(now: datetime.datetime | None) -> Clock:
    """`now` (a test may name a moment) moving on with the real time spent."""
    start, started = now or timezone.now(), time.monotonic()
    return lambda: start + datetime.timedelta(seconds=time.monotonic() - started)


def _claimable(now: datetime.datetime) -> QuerySet[Notification]:
    return (
        Notification.objects.unsent()
        .filter(due_at__lte=now)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
    )


def _claim(
    rows: QuerySet[Notification], now: datetime.datetime, limit: int | None
) -> tuple[list[int], datetime.datetime]:
    """Claim up to `limit` rows of `rows` in one short transaction; returns their ids and the lease."""
    lease = now + LEASE
    with transaction.atomic():
        locked = (
            rows.select_for_update(skip_locked=True).order_by("due_at", "id").values_list("pk", flat=True)
        )
        ids = list(locked[:limit] if limit else locked)
        if ids:
            Notification.objects.filter(pk__in=ids).update(claimed_until=lease)
    return ids, lease


def _one_line(error: BaseException) -> str:
    text = " ".join(f"{type(error).__name__}: {error}".split())
    return text[:255]


def _finish(row: Notification, outcome: Outcome, now: datetime.datetime, **fields: object) -> None:
    Notification.objects.filter(pk=row.pk, sent_at__isnull=True).update(
        outcome=outcome, sent_at=now, claimed_until=None, next_attempt_at=None, **fields
    )
    # A row in the inbox changes the header's unread count on the person's cached pages.
    page_cache.bump({row.municipality_id})


def _told(message: Message) -> dict[str, str]:
    """What the inbox keeps of a message."""
    return {"title": message.subject[:255], "link": message.link[:500]}


def _failed(row: Notification, error: BaseException, now: datetime.datetime) -> None:
    attempts = row.attempts + 1
    line = _one_line(error)
    if attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
        _finish(row, Outcome.FAILED, now, attempts=attempts, last_error=line)
        logger.error("Notification %s (%s) set aside after %s attempts: %s", row.pk, row.kind, attempts, line)
        return
    backoff = min(BACKOFF_BASE * 2 ** (attempts - 1), BACKOFF_CAP)
    Notification.objects.filter(pk=row.pk, sent_at__isnull=True).update(
        attempts=attempts, last_error=line, next_attempt_at=now + backoff, claimed_until=None
    )
    logger.info("Notification %s (%s) failed, attempt %s: %s", row.pk, row.kind, attempts, line)


def _email(message: Message, to: str) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(subject=message.subject, body=message.text, to=[to])
    if message.html:
        email.attach_alternative(message.html, "text/html")
    for attachment in message.attachments:
        email.attach(attachment.filename, attachment.content, attachment.mimetype)
    return email


def _deliver(
    row: Notification, lease: datetime.datetime, clock: Clock, chosen: dict, connection: BaseEmailBackend
) -> bool:
    """Handle one claimed row; True if it was delivered (by e-mail or into the inbox)."""
    # Still ours? A row whose lease ran out and that another sender took is left to that sender.
    if not Notification.objects.filter(pk=row.pk, claimed_until=lease, sent_at__isnull=True).update(
        claimed_until=clock() + LEASE
    ):
        return False
    try:
        kind = kinds.get(row.kind)
        if row.recipient_id is not None and not row.recipient.is_active:
            _finish(row, Outcome.SKIPPED, clock())
            return False
        channel = (
            kind.channel_for(chosen.get((row.recipient_id, row.kind))) if row.recipient_id else Channel.EMAIL
        )
        with translation.override(row.recipient_language):
            message = kind.compose(row)
            if message is None:
                _finish(row, Outcome.SKIPPED, clock())
                return False
            if channel == Channel.APP:
                _finish(row, Outcome.SENT, clock(), channel=channel, **_told(message))
                return True
            if channel == Channel.DIGEST:
                # Waits for the daily summary (and shows in the inbox meanwhile).
                Notification.objects.filter(pk=row.pk, sent_at__isnull=True).update(
                    channel=channel, claimed_until=None, **_told(message)
                )
                page_cache.bump({row.municipality_id})
                return False
            connection.send_messages([_email(message, row.address)])
    except SoftTimeLimitExceeded:
        raise
    except smtplib.SMTPRecipientsRefused as error:
        connection.close()
        _finish(row, Outcome.REFUSED, clock(), attempts=row.attempts + 1, last_error=_one_line(error))
        logger.warning("Notification %s (%s): the mail server refused the recipient", row.pk, row.kind)
        return False
    except Exception as error:  # noqa: BLE001  (any failure is this row's; the others go on)
        connection.close()
        _failed(row, error, clock())
        return False
    _finish(row, Outcome.SENT, clock(), channel=Channel.EMAIL, **_told(message))
    return True


def send_due(*, now: datetime.datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Deliver every due notification (except those waiting for the daily summary). Returns how many were
    delivered. Must run outside any transaction (a Celery task)."""
    clock = _clock(now)
    started = time.monotonic()
    delivered = 0
    seen: set[int] = set()
    while time.monotonic() - started < RUN_SECONDS:
        ids, lease = _claim(_claimable(clock()).exclude(channel=Channel.DIGEST), clock(), batch_size)
        ids = [pk for pk in ids if pk not in seen]
        if not ids:
            break
        seen.update(ids)
        rows = list(
            Notification.objects.filter(pk__in=ids).select_related("recipient").order_by("due_at", "id")
        )
        chosen = {
            (user_id, kind): channel
            for user_id, kind, channel in NotificationPreference.objects.filter(
                user_id__in={row.recipient_id for row in rows if row.recipient_id}
            ).values_list("user_id", "kind", "channel")
        }
        connection = get_connection()
        try:
            for row in rows:
                delivered += _deliver(row, lease, clock, chosen, connection)
        finally:
            connection.close()
    return delivered


# --- Daily summary ----------------------------------------------------------------------------


def _digest_email(user_email: str, items: list[tuple[Notification, Message]]) -> EmailMultiAlternatives:
    context = {"items": items, "site_url": settings.SITE_URL}
    subject = ngettext(
        "Yhdessä: %(count)s notification today", "Yhdessä: %(count)s notifications today", len(items)
    ) % {"count": len(items)}
    email = EmailMultiAlternatives(
        subject=subject, body=render_to_string("notifications/email/digest.txt", context), to=[user_email]
    )
    email.attach_alternative(render_to_string("notifications/email/digest.html", context), "text/html")
    return email


def _send_digest(user_id: int, clock: Clock, connection: BaseEmailBackend) -> bool:
    ids, _lease = _claim(
        _claimable(clock()).filter(channel=Channel.DIGEST, recipient_id=user_id), clock(), None
    )
    rows = list(
        Notification.objects.filter(pk__in=ids)
        .select_related("recipient", "municipality")
        .order_by("due_at", "id")
    )
    if not rows:
        return False
    user = rows[0].recipient
    if not user.is_active:
        for row in rows:
            _finish(row, Outcome.SKIPPED, clock())
        return False
    items: list[tuple[Notification, Message]] = []
    with translation.override(user.preferred_language):
        for row in rows:
            try:
                message = kinds.get(row.kind).compose(row)
            except SoftTimeLimitExceeded:
                raise
            except Exception as error:  # noqa: BLE001
                _failed(row, error, clock())
                continue
            if message is None:
                _finish(row, Outcome.SKIPPED, clock())
            else:
                items.append((row, message))
        if not items:
            return False
        try:
            connection.send_messages([_digest_email(user.email, items)])
        except SoftTimeLimitExceeded:
            raise
        except smtplib.SMTPRecipientsRefused as error:
            connection.close()
            for row, _message in items:
                _finish(row, Outcome.REFUSED, clock(), attempts=row.attempts + 1, last_error=_one_line(error))
            logger.warning("Daily summary to user %s: the mail server refused the recipient", user_id)
            return False
        except Exception as error:  # noqa: BLE001
            connection.close()
            for row, _message in items:
                _failed(row, error, clock())
            return False
    for row, message in items:
        _finish(row, Outcome.SENT, clock(), **_told(message))
    return True


def send_daily_digests(*, now: datetime.datetime | None = None) -> int:
    """One e-mail per person with every due item they chose to get as a daily summary, in their language.
    Returns the number of e-mails sent."""
    clock = _clock(now)
    started = time.monotonic()
    sent = 0
    seen: set[int] = set()
    connection = get_connection()
    try:
        while time.monotonic() - started < RUN_SECONDS:
            user_ids = list(
                _claimable(clock())
                .filter(channel=Channel.DIGEST)
                .exclude(recipient_id__in=seen)
                .order_by("recipient_id")
                .values_list("recipient_id", flat=True)
                .distinct()[:BATCH_SIZE]
            )
            if not user_ids:
                break
            seen.update(user_ids)
            for user_id in user_ids:
                sent += _send_digest(user_id, clock, connection)
    finally:
        connection.close()
    return sent
