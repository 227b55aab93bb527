"""Writes to notifications: scheduling, rescheduling and cancelling (called inside the owning app's
service transaction), the inbox's read marks and a person's channel preferences."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import page_cache
from schools.models import Language, Municipality, User

from .kinds import kinds
from .models import Channel, Notification, NotificationPreference, Outcome


def _send_soon() -> None:
    from .tasks import send_due_notifications

    send_due_notifications.delay()


def _subject_rows(subject: models.Model) -> models.QuerySet[Notification]:
    subject_type = ContentType.objects.get_for_model(subject)
    return Notification.objects.filter(subject_type=subject_type, subject_id=subject.pk)


def _split(recipients: Iterable[User | str]) -> tuple[set[int], set[str]]:
    user_ids: set[int] = set()
    addresses: set[str] = set()
    for recipient in recipients:
        if isinstance(recipient, User):
            user_ids.add(recipient.pk)
        elif isinstance(recipient, str) and recipient.strip():
            addresses.add(User.objects.normalize_email(recipient.strip()).lower())
        else:
            raise TypeError(f"A recipient is a User or an e-mail address, not {recipient!r}")
    return user_ids, addresses


def _insert(
    *,
    kind: str,
    subject: models.Model,
    user_ids: set[int],
    addresses: Mapping[str, str],
    due_at: datetime.datetime,
    slot: str,
    municipality_id: int,
) -> int:
    kinds.get(kind)  # an unknown kind is a programming error: LookupError
    if subject.pk is None:
        raise ValueError("Notifications are about saved objects")
    rows = _subject_rows(subject).filter(kind=kind, slot=slot)
    # The unique constraints are what keeps a row single (ignore_conflicts below, also under races);
    # leaving out the ones already there only makes the returned count mean "new rows".
    user_ids = user_ids - set(rows.filter(recipient_id__in=user_ids).values_list("recipient_id", flat=True))
    known = {e.lower() for e in rows.filter(recipient__isnull=True).values_list("email", flat=True)}
    subject_type = ContentType.objects.get_for_model(subject)
    common = {
        "municipality_id": municipality_id,
        "kind": kind,
        "subject_type": subject_type,
        "subject_id": subject.pk,
        "slot": slot,
        "due_at": due_at,
    }
    new = [Notification(recipient_id=user_id, **common) for user_id in sorted(user_ids)]
    new += [
        Notification(email=address, language=language, **common)
        for address, language in sorted(addresses.items())
        if address.lower() not in known
    ]
    if not new:
        return 0
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    if due_at <= timezone.now():
        transaction.on_commit(_send_soon)
    return len(new)


@transaction.atomic
def schedule(
    *,
    kind: str,
    subject: models.Model,
    recipients: Iterable[User | str],
    due_at: datetime.datetime,
    municipality: Municipality | int,
    slot: str = "",
    language: str = Language.FINNISH,
) -> int:
    """Schedule `kind` about `subject` for each recipient (users, or e-mail addresses of people without an
    account, who get `language`), due at `due_at`. Idempotent: a (kind, subject, recipient, slot) that
    already has a row is left as it is. Rows due now are sent once the caller's transaction commits.
    Returns the number of new rows."""
    user_ids, addresses = _split(recipients)
    if language not in Language.values:
        raise ValueError(f"Unknown language {language!r}")
    return _insert(
        kind=kind,
        subject=subject,
        user_ids=user_ids,
        addresses=dict.fromkeys(addresses, language),
        due_at=due_at,
        slot=slot,
        municipality_id=municipality if isinstance(municipality, int) else municipality.pk,
    )


@transaction.atomic
def reschedule(
    *,
    kind: str,
    subject: models.Model,
    due_at: datetime.datetime,
    slot: str,
    municipality: Municipality | int,
    recipients: Iterable[User | str] | None = None,
    language: str = Language.FINNISH,
) -> int:
    """Move `kind` about `subject` to `due_at`: unsent rows of other slots are cancelled (they never go
    out) and new ones are scheduled in `slot`, which must name the new moment (e.g. "7d:2027-01-01").
    Without `recipients`, the people of the cancelled rows are scheduled again. Returns the new rows."""
    if not slot:
        raise ValueError("A rescheduled notification needs a slot that names its new moment")
    pending = _subject_rows(subject).filter(kind=kind).unsent().exclude(slot=slot)
    if recipients is None:
        user_ids = set(pending.filter(recipient__isnull=False).values_list("recipient_id", flat=True))
        addresses = dict(pending.filter(recipient__isnull=True).values_list("email", "language"))
    else:
        user_ids, plain = _split(recipients)
        addresses = dict.fromkeys(plain, language)
    pending.update(outcome=Outcome.CANCELLED, sent_at=timezone.now(), claimed_until=None)
    return _insert(
        kind=kind,
        subject=subject,
        user_ids=user_ids,
        addresses=addresses,
        due_at=due_at,
        slot=slot,
        municipality_id=municipality if isinstance(municipality, int) else municipality.pk,
    )


@transaction.atomic
def cancel(*, subject: models.Model, kind: str | None = None) -> int:
    """Cancel the unsent rows about `subject` (of one kind, or all): they never go out. Returns how many."""
    rows = _subject_rows(subject).unsent()
    if kind is not None:
        rows = rows.filter(kind=kind)
    return rows.update(outcome=Outcome.CANCELLED, sent_at=timezone.now(), claimed_until=None)


# --- Inbox ------------------------------------------------------------------------------------


@transaction.atomic
def notification_mark_read(*, user: User, notification: Notification) -> Notification:
    """Mark one of the user's own inbox items read (the caller found it through `selectors.inbox_item`)."""
    if notification.recipient_id != user.pk:
        raise ValueError("Only the recipient marks a notification read")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
        page_cache.bump({notification.municipality_id})  # the header's unread count
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user: User) -> int:
    from .selectors import inbox_for

    unread = inbox_for(user).filter(read_at__isnull=True)
    page_cache.bump(set(unread.values_list("municipality_id", flat=True)))  # the header's unread count
    return unread.update(read_at=timezone.now())


# --- Preferences ------------------------------------------------------------------------------


@transaction.atomic
def preferences_save(*, user: User, channels: Mapping[str, str]) -> list[NotificationPreference]:
    """Save the user's channel for each kind named. Only kinds a person may turn off can be changed."""
    saved = []
    for key, channel in channels.items():
        kind = kinds.get(key) if key in kinds else None
        if kind is None or not kind.user_may_turn_off:
            raise ValidationError(_("This notification cannot be changed."))
        if channel not in Channel.values:
            raise ValidationError(_("Unknown channel."))
        preference, _created = NotificationPreference.objects.update_or_create(
            user=user, kind=key, defaults={"channel": channel}
        )
        saved.append(preference)
    return saved


# --- Platform admin ---------------------------------------------------------------------------


@transaction.atomic
def notifications_retry(*, notifications: models.QuerySet[Notification]) -> int:
    """Put set-aside rows (failed, refused) back in the queue with a fresh count of attempts, once the
    cause is fixed. Returns how many."""
    return notifications.filter(outcome__in=[Outcome.FAILED, Outcome.REFUSED]).update(
        outcome="", sent_at=None, attempts=0, next_attempt_at=None, claimed_until=None
    )
