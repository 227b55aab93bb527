"""Notification kind of follow-up cases: the reminder of an overdue step to its responsible person.

Scheduled by `services.cases` when a step is created or its due date or responsible person changes,
cancelled when it is done or the case closes. The message names the class and the step, never the
pupil: e-mail leaves our protection, the case page (behind the second factor) shows the rest.
`register_kinds` runs in `AbsencesConfig.ready()`.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.kinds import Message, NotificationKind, register_kind
from notifications.models import Notification

from .models import CaseState, CaseStep

STEP_OVERDUE = "absence_step_overdue"  # slot "<due date, ISO>:<responsible user id>"
REMINDER_HOUR = 8  # local time, the school day after the due date


def overdue_slot(step: CaseStep) -> str:
    return f"{step.due_on.isoformat()}:{step.responsible_id}"


def overdue_moment(due_on: datetime.date) -> datetime.datetime:
    """The morning after the due date: the step is overdue from then on."""
    day = due_on + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(REMINDER_HOUR)))


def step_overdue(notification: Notification) -> Message | None:
    step = (
        CaseStep.objects.select_related("case__pupil", "case__school")
        .filter(pk=notification.subject_id)
        .first()
    )
    if step is None or notification.recipient is None:
        return None
    if (
        step.done_at is not None
        or step.case.state != CaseState.OPEN
        or notification.slot != overdue_slot(step)
    ):
        return None  # done, closed, moved or handed over meanwhile: that row is no longer wanted
    url = settings.SITE_URL + reverse("absence_case_detail", args=[step.case_id])
    group = step.case.pupil.group_name or "–"
    subject = _("Overdue step of an attendance-support case (class %(group)s)") % {"group": group}
    context = {
        "user": notification.recipient,
        "step": step,
        "group": group,
        "school": step.case.school.name,
        "url": url,
    }
    return Message(
        subject=subject,
        text=render_to_string("absences/email/step_overdue.txt", context),
        html=render_to_string("absences/email/step_overdue.html", context),
        link=url,
    )


def register_kinds() -> None:
    register_kind(
        NotificationKind(
            key=STEP_OVERDUE,
            label=gettext_lazy("Overdue steps of attendance-support cases"),
            compose=step_overdue,
        )
    )
