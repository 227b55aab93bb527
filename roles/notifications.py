"""Notification kinds of the roles tool: the publication notice and the deadline reminders.

Rows are scheduled by `services` (`tool_publish`, `deadline_reminders_queue`) and composed here when
they are due, in the recipient's language; `register_kinds` runs in `RolesConfig.ready()`.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.kinds import Message, NotificationKind, register_kind
from notifications.models import Notification

from .models import PracticalAct, RolesTool, StaffAssignment

TOOL_PUBLISHED = "roles_tool_published"  # slot "rev:<revision number>"
DEADLINE_REMINDER = "roles_deadline_reminder"  # slot "<7d|1d>:<deadline, ISO date>"


def deadline_slot(days_before: int, deadline: datetime.date) -> str:
    return f"{days_before}d:{deadline.isoformat()}"


def _tool(notification: Notification) -> RolesTool | None:
    return (
        RolesTool.objects.select_related("school", "school_year").filter(pk=notification.subject_id).first()
    )


def _message(notification: Notification, template: str, subject: str, context: dict) -> Message:
    context = {**context, "user": notification.recipient, "site_url": settings.SITE_URL}
    return Message(
        subject=subject,
        text=render_to_string(f"roles/email/{template}.txt", context),
        html=render_to_string(f"roles/email/{template}.html", context),
        link=context["url"],
    )


def tool_published(notification: Notification) -> Message | None:
    tool = _tool(notification)
    if tool is None or notification.recipient is None:
        return None
    url = settings.SITE_URL + reverse("roles_tool_detail", args=[tool.pk])
    subject = _("The roles tool of %(school)s %(year)s is published") % {
        "school": tool.school.name,
        "year": tool.school_year.name,
    }
    return _message(notification, "tool_published", subject, {"tool": tool, "url": url})


def roles_without_acts(tool: RolesTool, user_id: int) -> list:
    """The user's staff roles in the tool that still have no acts."""
    held = StaffAssignment.objects.filter(
        user_id=user_id,
        school_id=tool.school_id,
        school_year_id=tool.school_year_id,
        role__in=tool.roles.all(),
    ).select_related("role")
    with_acts = set(PracticalAct.objects.filter(tool=tool).values_list("role_id", flat=True))
    return [a.role for a in held if a.role_id not in with_acts]


def deadline_reminder(notification: Notification) -> Message | None:
    tool = _tool(notification)
    if tool is None or notification.recipient is None or tool.is_published or tool.deadline is None:
        return None
    if not notification.slot.endswith(f":{tool.deadline.isoformat()}"):
        return None  # the deadline moved: the reminder of the new one is another row
    missing = roles_without_acts(tool, notification.recipient_id)
    if not missing:
        return None  # acts were written meanwhile: no reminder needed
    url = settings.SITE_URL + reverse("roles_tool_detail", args=[tool.pk])
    subject = _("Reminder: the practical acts of your role for %(school)s are due %(date)s") % {
        "school": tool.school.name,
        "date": f"{tool.deadline.day}.{tool.deadline.month}.{tool.deadline.year}",
    }
    return _message(notification, "deadline_reminder", subject, {"tool": tool, "url": url, "roles": missing})


def register_kinds() -> None:
    register_kind(
        NotificationKind(
            key=TOOL_PUBLISHED, label=gettext_lazy("A roles tool is published"), compose=tool_published
        )
    )
    register_kind(
        NotificationKind(
            key=DEADLINE_REMINDER,
            label=gettext_lazy("Reminders of the roles tool's deadline"),
            compose=deadline_reminder,
        )
    )
