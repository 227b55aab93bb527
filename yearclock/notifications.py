"""The yearclock's notification kind: the monthly digest of a person's entries.

Rows are scheduled by `services.digest.month_digests_schedule` (about the municipality, slot
"YYYY-MM": one per person, municipality and month, never twice) and composed here when due, in the
recipient's language; `register_kinds` runs in `YearclockConfig.ready()`.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.content import localized
from notifications.kinds import Message, NotificationKind, register_kind
from notifications.models import Notification

from . import selectors

MONTH_DIGEST = "yearclock_month"  # subject: the municipality; slot "YYYY-MM"


def month_slot(month: datetime.date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def slot_month(slot: str) -> datetime.date | None:
    try:
        year, month = slot.split("-")
        return datetime.date(int(year), int(month), 1)
    except ValueError:
        return None


def _link() -> str:
    # The yearclock pages are another branch's; until they exist the digest links to the home page.
    try:
        return settings.SITE_URL + reverse("yearclock_list")
    except NoReverseMatch:
        return settings.SITE_URL + "/"


def month_digest(notification: Notification) -> Message | None:
    month = slot_month(notification.slot)
    if month is None or notification.recipient is None:
        return None
    entries = selectors.month_entries_of_person(notification.subject_id, notification.recipient_id, month)
    if not entries:
        return None  # nothing left for this person this month
    language = notification.recipient_language
    schools: dict = {}
    for entry in entries:
        entry.digest_theme = localized(entry.theme, entry.theme_sv, language)
        entry.is_mine = entry.owner_id == notification.recipient_id
        schools.setdefault(entry.yearclock.school, []).append(entry)
    month_name = str(MONTHS[month.month])
    subject = _("The yearclock in %(month)s %(year)s") % {"month": month_name, "year": month.year}
    context = {
        "user": notification.recipient,
        "month_name": month_name,
        "year": month.year,
        "schools": list(schools.items()),
        "url": _link(),
        "site_url": settings.SITE_URL,
    }
    return Message(
        subject=subject,
        text=render_to_string("yearclock/email/month_digest.txt", context),
        html=render_to_string("yearclock/email/month_digest.html", context),
        link=context["url"],
    )


def register_kinds() -> None:
    register_kind(
        NotificationKind(
            key=MONTH_DIGEST, label=gettext_lazy("The month's entries of the yearclock"), compose=month_digest
        )
    )
