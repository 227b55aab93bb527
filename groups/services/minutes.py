"""Attendance, minutes per agenda item, and their approval by the convener."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from core.registries import emit
from core.text import normalize_newlines
from schools.tenancy import Actor

from .. import notifications as kinds
from .. import policies
from ..models import Attendance, AttendanceStatus, Meeting, MinutesState
from ._common import audit, check_group_texts, refuse, text_context
from .meetings import _locked, _schedule_to_members

# The domain event other apps hear (the yearclock marks its entries done).
MINUTES_APPROVED_EVENT = "groups.minutes_approved"


def _writable(actor: Actor, meeting: Meeting) -> Meeting:
    meeting = _locked(actor, meeting)
    if meeting.minutes_approved:
        refuse(_("These minutes are approved: they can no longer be changed."))
    if meeting.is_cancelled:
        refuse(_("This meeting has been cancelled: it has no minutes."))
    policies.meetings.require(actor, "prepare", meeting)
    return meeting


@transaction.atomic
def attendance_record(*, actor: Actor, meeting: Meeting, statuses: Mapping[int, str]) -> int:
    """Who was present, absent or excused ({member id: status}); members of other groups are refused."""
    meeting = _writable(actor, meeting)
    members = set(meeting.group.members.values_list("pk", flat=True))
    if set(statuses) - members:
        refuse(_("Attendance can be recorded for the group's members only."))
    if any(s not in AttendanceStatus.values for s in statuses.values()):
        refuse(_("Choose present, absent or excused."))
    meeting.attendance.exclude(member_id__in=list(statuses)).delete()
    existing = {a.member_id: a for a in meeting.attendance.all()}
    for member_id, status in statuses.items():
        row = existing.get(member_id)
        if row is None:
            Attendance.objects.create(meeting=meeting, member_id=member_id, status=status)
        elif row.status != status:
            row.status = status
            row.save(update_fields=["status"])
    return len(statuses)


def _minutes_snapshot(meeting: Meeting) -> dict:
    return {
        "general": meeting.minutes_general,
        "items": {str(i.pk): [i.minutes, i.decision] for i in meeting.agenda_items.all()},
    }


@transaction.atomic
def minutes_save(
    *,
    actor: Actor,
    meeting: Meeting,
    version: int,
    general: str,
    items: Mapping[int, tuple[str, str]],
    allow_staff_names: bool = False,
) -> Meeting:
    """Save the draft: general notes and each matter's minutes and decision ({item id: (minutes,
    decision)}). `version` is the one the writer edited: a stale save is refused, nothing written.
    `allow_staff_names`: the writer confirmed that a name the pupil-name guard refused is a staff
    member's."""
    meeting = _writable(actor, meeting)
    if version != meeting.version:
        refuse(
            _("Someone saved these minutes while you were writing. Reload the page to see their version."),
            code="stale",
        )
    agenda = {i.pk: i for i in meeting.agenda_items.all()}
    if set(items) - set(agenda):
        refuse(_("These minutes name a matter that is not on this meeting's agenda."))
    general = normalize_newlines(general or "")
    # One context for every text: the guards load what they need (the pupils' names) once.
    context = text_context(meeting.group, allow_staff_names=allow_staff_names)
    check_group_texts(context, general=general)
    for pk, (text, decision) in items.items():
        check_group_texts(context, **{f"minutes_{pk}": text or "", f"decision_{pk}": decision or ""})
    before = _minutes_snapshot(meeting)
    for pk, (text, decision) in items.items():
        item = agenda[pk]
        item.minutes = normalize_newlines(text or "")
        item.decision = normalize_newlines(decision or "")
        item.full_clean()
        item.save(update_fields=["minutes", "decision"])
    meeting.minutes_general = general
    meeting.minutes_state = MinutesState.DRAFT
    meeting.version += 1
    meeting.full_clean()
    meeting.save(update_fields=["minutes_general", "minutes_state", "version", "updated_at"])
    after = _minutes_snapshot(meeting)
    if after != before:
        audit(actor, meeting, AuditAction.UPDATED, before, after)
    return meeting


@transaction.atomic
def minutes_approve(*, actor: Actor, meeting: Meeting) -> Meeting:
    """The convener approves the minutes: they freeze, go to the members, and the apps above hear of it."""
    meeting = _locked(actor, meeting)
    if meeting.minutes_approved:
        refuse(_("These minutes are already approved."))
    if meeting.is_cancelled:
        refuse(_("This meeting has been cancelled: it has no minutes."))
    policies.meetings.require(actor, "approve_minutes", meeting)
    if meeting.starts_at > timezone.now():
        refuse(_("The meeting has not been held yet: its minutes cannot be approved."))
    if meeting.minutes_state == MinutesState.NONE:
        refuse(_("Write the minutes before approving them."))
    meeting.minutes_state = MinutesState.APPROVED
    meeting.minutes_approved_at = timezone.now()
    meeting.minutes_approved_by = actor.user
    meeting.version += 1
    meeting.save()
    _schedule_to_members(meeting, kind=kinds.MINUTES_APPROVED, due_at=timezone.now(), slot="minutes")
    audit(actor, meeting, AuditAction.APPROVED, None, _minutes_snapshot(meeting))
    emit(MINUTES_APPROVED_EVENT, meeting=meeting, actor=actor)
    return meeting
