"""The notification kind of absence signals: "a pupil of class 7B reached the tier …".

The e-mail never names the pupil (mail leaves our hands): it names the class and the tier and asks
the recipient to open Yhdessä, where the name is shown behind the second factor. Composed when due, in
the recipient's language; `register_kinds` runs in `AbsencesConfig.ready()`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.kinds import Message, NotificationKind, register_kind
from notifications.models import Notification

from .models import Signal

ABSENCE_SIGNAL = "absence_signal"


def _send_soon() -> None:
    from notifications.tasks import send_due_notifications

    send_due_notifications.delay()


def schedule_signal_notifications(signals: Iterable[Signal]) -> int:
    """One notification per new signal with a recipient, due now, in the caller's transaction.

    Bulk-inserted (the first import of a year can cross thousands of pupils at once; the
    `notifications.services.schedule` path costs several queries per subject). The notifications app's
    unique constraint keeps it one per signal and recipient, also when two recomputes race."""
    now = timezone.now()
    subject_type = ContentType.objects.get_for_model(Signal)
    rows = [
        Notification(
            municipality_id=s.municipality_id,
            kind=ABSENCE_SIGNAL,
            subject_type=subject_type,
            subject_id=s.pk,
            recipient_id=s.recipient_id,
            slot="",
            due_at=now,
        )
        for s in signals
        if s.recipient_id is not None and s.pk is not None
    ]
    if not rows:
        return 0
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
    transaction.on_commit(_send_soon)
    return len(rows)


def signal_message(notification: Notification) -> Message | None:
    signal = (
        Signal.objects.select_related("pupil", "tier", "school").filter(pk=notification.subject_id).first()
    )
    if signal is None or notification.recipient is None or signal.handled_at is not None:
        return None
    url = settings.SITE_URL + reverse("absence_signals")
    group = signal.pupil.group_name or "–"
    subject = _("A pupil of class %(group)s reached the tier “%(tier)s”") % {
        "group": group,
        "tier": signal.tier.name,
    }
    text = "\n\n".join(
        [
            _("Hello,"),
            _(
                "a pupil of class %(group)s at %(school)s reached the tier “%(tier)s” of the city's "
                "attendance-support model. You are responsible for its first step."
            )
            % {"group": group, "school": signal.school.name, "tier": signal.tier.name},
            _("Open Yhdessä to see who: %(url)s") % {"url": url},
            _("For the pupil's privacy this message does not name them."),
        ]
    )
    return Message(subject=subject, text=text + "\n", link=url)


def register_kinds() -> None:
    register_kind(
        NotificationKind(
            key=ABSENCE_SIGNAL,
            label=gettext_lazy("A pupil reached a tier of absence"),
            compose=signal_message,
        )
    )
