"""The monthly digest: at the start of each month, one message per person with their yearclock
entries of the month (the owner's own; the principal's whole school's)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from notifications import services as notification_services
from schools.models import Municipality, User

from .. import selectors
from ..notifications import MONTH_DIGEST, month_slot

SEND_HOUR = 7


def digest_due_at(month: datetime.date) -> datetime.datetime:
    """The month's first day at 07:00 local time."""
    first = datetime.date(month.year, month.month, 1)
    return timezone.make_aware(datetime.datetime.combine(first, datetime.time(SEND_HOUR)))


def month_digests_schedule(*, municipality: Municipality, month: datetime.date) -> int:
    """Schedule the month's digest for everyone who has entries in it (due on the first day at 07:00;
    scheduled later in the month, it goes at once). The slot "YYYY-MM" about the municipality keeps
    one row per person, so running this again schedules nobody twice. Returns the new rows."""
    month = month.replace(day=1)
    user_ids = selectors.month_digest_recipient_ids(municipality.pk, month)
    if not user_ids:
        return 0
    return notification_services.schedule(
        kind=MONTH_DIGEST,
        subject=municipality,
        recipients=User.objects.filter(pk__in=sorted(user_ids)),
        due_at=digest_due_at(month),
        slot=month_slot(month),
        municipality=municipality,
    )


def month_digests_schedule_all(*, today: datetime.date | None = None) -> int:
    """Every municipality's digest of the current month (the daily beat task)."""
    today = today or timezone.localdate()
    return sum(
        month_digests_schedule(municipality=m, month=today.replace(day=1))
        for m in Municipality.objects.order_by("pk")
    )
