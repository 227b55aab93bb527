"""Notification kinds of the wellbeing groups: invitations (with a calendar file), their cancellations,
meeting reminders, approved minutes and action-item reminders.

The services schedule rows in the transaction of the change (slots below name what a row is for); the
sender composes them when due, in the recipient's language. A row that a later change made stale
composes to None and is skipped: an invitation of an older SEQUENCE, the reminder of a moved meeting,
the due-date reminder of an item that is done or whose date changed. People without an account get
e-mails without links to pages that need signing in. `register_kinds` runs in `GroupsConfig.ready()`.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.content import localized
from notifications.kinds import Attachment, Message, NotificationKind, register_kind
from notifications.models import Notification

from .calendar import meeting_ics, meeting_location, meeting_summary, privacy_reminder
from .models import ActionItem, Meeting

MEETING_INVITATION = "group_meeting_invitation"  # slot "seq:<sequence>"
MEETING_CANCELLED = "group_meeting_cancelled"  # slot "seq:<sequence>"
MEETING_REMINDER = "group_meeting_reminder"  # slot "<days>d:s<sequence>"
MINUTES_APPROVED = "group_minutes_approved"  # slot "minutes"
ACTION_ITEM_DUE = "group_action_item_due"  # slot "due:<due date, ISO>"
ACTION_ITEM_OVERDUE = "group_action_item_overdue"  # slot "overdue:<due date, ISO>"

MINUTES_SLOT = "minutes"
ICS_FILENAMES = {"fi": "kokous.ics", "sv": "mote.ics"}


def sequence_slot(sequence: int) -> str:
    """The slot of an invitation or cancellation of the meeting's `sequence`."""
    return f"seq:{sequence}"


def reminder_slot(days: int, sequence: int) -> str:
    """The slot of a meeting reminder `days` before, for the meeting as it was at `sequence`."""
    return f"{days}d:s{sequence}"


def action_due_slot(due_on: datetime.date) -> str:
    return f"due:{due_on.isoformat()}"


def action_overdue_slot(due_on: datetime.date) -> str:
    return f"overdue:{due_on.isoformat()}"


def _slot_sequence(slot: str) -> int | None:
    """The SEQUENCE a slot was made for ("seq:3", "7d:s3"), or None."""
    _head, _sep, tail = slot.rpartition(":")
    tail = tail.removeprefix("s")
    return int(tail) if tail.isdigit() else None


def _url(name: str, *args: object) -> str:
    """The page's full address, or "" while the page does not exist (its URL name is not there)."""
    try:
        return settings.SITE_URL + reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _meeting(notification: Notification) -> Meeting | None:
    return (
        Meeting.objects.select_related("group", "group__convener")
        .prefetch_related("agenda_items")
        .filter(pk=notification.subject_id)
        .first()
    )


def _when(meeting: Meeting) -> str:
    start = timezone.localtime(meeting.starts_at)
    end = timezone.localtime(meeting.ends_at)
    day = f"{start.day}.{start.month}.{start.year}"
    if start.date() == end.date():
        return f"{day} {start:%H.%M}–{end:%H.%M}"
    return f"{day} {start:%H.%M} – {end.day}.{end.month}.{end.year} {end:%H.%M}"


def _message(notification: Notification, template: str, subject: str, context: dict) -> Message:
    # Links only for people who can sign in; an e-mail-only member gets the text without them.
    if notification.recipient is None:
        context = {**context, "url": ""}
        meeting = context.get("meeting")
        if meeting is not None:
            # Greet a member without an account by the name the group keeps for their address.
            context["member_name"] = (
                meeting.group.members.filter(user__isnull=True, email__iexact=notification.email)
                .values_list("name", flat=True)
                .first()
            )
    context = {
        **context,
        "user": notification.recipient,
        "site_url": settings.SITE_URL,
        "privacy": privacy_reminder(),
    }
    return Message(
        subject=subject,
        text=render_to_string(f"groups/email/{template}.txt", context),
        html=render_to_string(f"groups/email/{template}.html", context),
        link=context["url"],
        attachments=context.get("attachments", ()),
    )


def _meeting_context(meeting: Meeting, language: str) -> dict:
    return {
        "meeting": meeting,
        "summary": meeting_summary(meeting, language),
        "when": _when(meeting),
        "location": meeting_location(meeting),
        "items": list(meeting.agenda_items.all()),
        "url": _url("group_meeting_detail", meeting.pk),
    }


def _ics(notification: Notification, meeting: Meeting, method: str) -> Attachment:
    language = notification.recipient_language
    return Attachment(
        filename=ICS_FILENAMES.get(language, "invite.ics"),
        content=meeting_ics(
            meeting, method=method, language=language, with_url=notification.recipient is not None
        ),
        mimetype=f"text/calendar; method={method}; charset=utf-8",
    )


def meeting_invitation(notification: Notification) -> Message | None:
    meeting = _meeting(notification)
    if meeting is None or meeting.is_cancelled or notification.slot != sequence_slot(meeting.sequence):
        return None  # gone, cancelled, or a newer update superseded this one
    language = notification.recipient_language
    context = _meeting_context(meeting, language)
    update = meeting.sequence > 0
    values = {"summary": context["summary"], "when": context["when"]}
    if update:
        subject = _("Updated invitation: %(summary)s %(when)s") % values
    else:
        subject = _("Invitation: %(summary)s %(when)s") % values
    context |= {"update": update, "attachments": (_ics(notification, meeting, "REQUEST"),)}
    return _message(notification, "meeting_invitation", subject, context)


def meeting_cancelled(notification: Notification) -> Message | None:
    meeting = _meeting(notification)
    if meeting is None or not meeting.is_cancelled:
        return None
    language = notification.recipient_language
    context = _meeting_context(meeting, language)
    subject = _("Cancelled: %(summary)s %(when)s") % {"summary": context["summary"], "when": context["when"]}
    context["attachments"] = (_ics(notification, meeting, "CANCEL"),)
    return _message(notification, "meeting_cancelled", subject, context)


def meeting_reminder(notification: Notification) -> Message | None:
    meeting = _meeting(notification)
    if meeting is None or meeting.is_cancelled or meeting.starts_at <= timezone.now():
        return None
    if _slot_sequence(notification.slot) != meeting.sequence:
        return None  # the meeting moved: its new reminders are other rows
    context = _meeting_context(meeting, notification.recipient_language)
    subject = _("Reminder: %(summary)s %(when)s") % {"summary": context["summary"], "when": context["when"]}
    return _message(notification, "meeting_reminder", subject, context)


def minutes_approved(notification: Notification) -> Message | None:
    meeting = _meeting(notification)
    if meeting is None or not meeting.minutes_approved:
        return None
    context = _meeting_context(meeting, notification.recipient_language)
    context["actions"] = list(meeting.action_items.select_related("owner").order_by("due_on", "id"))
    subject = _("Minutes approved: %(summary)s %(when)s") % {
        "summary": context["summary"],
        "when": context["when"],
    }
    return _message(notification, "minutes_approved", subject, context)


def _action_item(notification: Notification, slot: str) -> ActionItem | None:
    item = (
        ActionItem.objects.select_related("meeting__group", "owner")
        .filter(pk=notification.subject_id)
        .first()
    )
    if item is None or not item.is_open or notification.slot != slot.format(due=item.due_on.isoformat()):
        return None  # done, cancelled, or its date moved (the new date has its own rows)
    return item


def _action_message(notification: Notification, item: ActionItem, overdue: bool) -> Message:
    due = f"{item.due_on.day}.{item.due_on.month}.{item.due_on.year}"
    values = {"what": item.what, "date": due}
    if overdue:
        subject = _("Overdue action item (due %(date)s): %(what)s") % values
    else:
        subject = _("Action item due %(date)s: %(what)s") % values
    group = item.meeting.group
    context = {
        "item": item,
        "due": due,
        "overdue": overdue,
        "group_name": localized(group.name_fi, group.name_sv, notification.recipient_language),
        "url": _url("group_action_items"),
    }
    return _message(notification, "action_item_due", subject, context)


def action_item_due(notification: Notification) -> Message | None:
    item = _action_item(notification, "due:{due}")
    return None if item is None else _action_message(notification, item, overdue=False)


def action_item_overdue(notification: Notification) -> Message | None:
    item = _action_item(notification, "overdue:{due}")
    return None if item is None else _action_message(notification, item, overdue=True)


def register_kinds() -> None:
    # Invitations and cancellations carry the calendar file: always by e-mail at once.
    register_kind(
        NotificationKind(
            key=MEETING_INVITATION,
            label=gettext_lazy("Invitations to wellbeing group meetings"),
            compose=meeting_invitation,
            transactional=True,
            user_may_turn_off=False,
        )
    )
    register_kind(
        NotificationKind(
            key=MEETING_CANCELLED,
            label=gettext_lazy("Cancellations of wellbeing group meetings"),
            compose=meeting_cancelled,
            transactional=True,
            user_may_turn_off=False,
        )
    )
    register_kind(
        NotificationKind(
            key=MEETING_REMINDER,
            label=gettext_lazy("Reminders of wellbeing group meetings"),
            compose=meeting_reminder,
        )
    )
    register_kind(
        NotificationKind(
            key=MINUTES_APPROVED,
            label=gettext_lazy("Approved minutes of wellbeing group meetings"),
            compose=minutes_approved,
        )
    )
    register_kind(
        NotificationKind(
            key=ACTION_ITEM_DUE,
            label=gettext_lazy("Reminders of action items before their due date"),
            compose=action_item_due,
        )
    )
    register_kind(
        NotificationKind(
            key=ACTION_ITEM_OVERDUE,
            label=gettext_lazy("Reminders of overdue action items"),
            compose=action_item_overdue,
        )
    )
