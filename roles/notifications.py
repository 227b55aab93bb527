"""E-mails of the roles tool: publication notices and deadline reminders (sent via schools.notifications)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from schools.models import Notification
from schools.notifications import handles

from .models import PracticalAct, RolesTool, StaffAssignment


def _tool(notification: Notification) -> RolesTool | None:
    tool_id = int(notification.target.split(":")[1])
    return RolesTool.objects.select_related("school", "school_year").filter(pk=tool_id).first()


def _message(
    notification: Notification, template: str, subject: str, context: dict
) -> EmailMultiAlternatives:
    context = {**context, "user": notification.recipient, "site_url": settings.SITE_URL}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"roles/email/{template}.txt", context),
        to=[notification.recipient.email],
    )
    message.attach_alternative(render_to_string(f"roles/email/{template}.html", context), "text/html")
    return message


@handles("roles_tool_published")
def tool_published(notification: Notification) -> EmailMultiAlternatives | None:
    tool = _tool(notification)
    if tool is None:
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


@handles("roles_deadline_7d")
@handles("roles_deadline_1d")
def deadline_reminder(notification: Notification) -> EmailMultiAlternatives | None:
    tool = _tool(notification)
    if tool is None or tool.is_published or tool.deadline is None:
        return None
    missing = roles_without_acts(tool, notification.recipient_id)
    if not missing:
        return None  # acts were written meanwhile: no reminder needed
    url = settings.SITE_URL + reverse("roles_tool_detail", args=[tool.pk])
    subject = _("Reminder: the practical acts of your role for %(school)s are due %(date)s") % {
        "school": tool.school.name,
        "date": f"{tool.deadline.day}.{tool.deadline.month}.{tool.deadline.year}",
    }
    return _message(notification, "deadline_reminder", subject, {"tool": tool, "url": url, "roles": missing})
