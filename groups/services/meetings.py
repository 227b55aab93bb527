"""Convening: meetings, their agenda, invitations with calendar files, moving and cancelling.

Calendar rules (RFC 5546): a meeting is one event (`uid`); every change that matters to a calendar
raises `sequence`; once invitations went out, a change sends an update (METHOD:REQUEST, higher
SEQUENCE) and a cancellation sends METHOD:CANCEL. Reminders carry the sequence in their slot, so a
moved meeting's old reminders are cancelled and never go out.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from audit.models import AuditAction
from core.access import lock_in
from notifications import services as notify
from schools.models import User
from schools.tenancy import Actor

from .. import notifications as kinds
from .. import policies
from ..models import (
    MAX_AGENDA_ITEMS,
    AgendaItem,
    Meeting,
    MeetingState,
    WellbeingGroup,
)
from ._common import audit, check_group_texts, in_municipality, refuse, text_context

# Fields whose change a calendar must hear about.
CALENDAR_FIELDS = ("title", "starts_at", "ends_at", "place", "online_link")


def _locked(actor: Actor, meeting: Meeting) -> Meeting:
    return lock_in(
        Meeting.objects.filter(group__municipality=actor.municipality).select_related("group"), meeting.pk
    )


def _check_times(starts_at: datetime.datetime, ends_at: datetime.datetime) -> None:
    if starts_at <= timezone.now():
        refuse(_("The meeting must start in the future."), "starts_at")
    if ends_at <= starts_at:
        refuse(_("The meeting must end after it starts."), "ends_at")
    if ends_at - starts_at > datetime.timedelta(hours=12):
        refuse(_("A meeting can last at most 12 hours."), "ends_at")


def member_contacts(group: WellbeingGroup) -> tuple[list[User], dict[str, list[str]]]:
    """Whom the group's mail reaches: its users, and e-mail addresses by language (members without an
    account who gave one)."""
    users: list[User] = []
    addresses: dict[str, list[str]] = {}
    for member in group.members.select_related("user"):
        if member.user_id is not None:
            if member.user.is_active:
                users.append(member.user)
        elif member.email:
            addresses.setdefault(member.language, []).append(member.email)
    return users, addresses


def _schedule_to_members(
    meeting: Meeting, *, kind: str, due_at: datetime.datetime, slot: str, also: list[User] | None = None
) -> int:
    users, addresses = member_contacts(meeting.group)
    for extra in also or []:
        if extra not in users:
            users.append(extra)
    count = notify.schedule(
        kind=kind,
        subject=meeting,
        recipients=users,
        due_at=due_at,
        slot=slot,
        municipality=meeting.group.municipality_id,
    )
    for language, emails in addresses.items():
        count += notify.schedule(
            kind=kind,
            subject=meeting,
            recipients=emails,
            due_at=due_at,
            slot=slot,
            municipality=meeting.group.municipality_id,
            language=language,
        )
    return count


def schedule_reminders(meeting: Meeting) -> int:
    """The members' reminders, N days before the start (past moments are skipped), for this sequence;
    earlier sequences' unsent reminders are cancelled."""
    notify.cancel(subject=meeting, kind=kinds.MEETING_REMINDER)
    if meeting.is_cancelled:
        return 0
    now = timezone.now()
    count = 0
    for days in meeting.group.effective_reminder_days:
        due = meeting.starts_at - datetime.timedelta(days=days)
        if due <= now:
            continue
        count += _schedule_to_members(
            meeting, kind=kinds.MEETING_REMINDER, due_at=due, slot=kinds.reminder_slot(days, meeting.sequence)
        )
    return count


def _snapshot(meeting: Meeting) -> dict:
    return {
        "title": meeting.title,
        "starts_at": meeting.starts_at.isoformat(),
        "ends_at": meeting.ends_at.isoformat(),
        "place": meeting.place,
        "online_link": meeting.online_link,
        "state": meeting.state,
        "sequence": meeting.sequence,
    }


@transaction.atomic
def meeting_create(
    *,
    actor: Actor,
    group: WellbeingGroup,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    title: str = "",
    place: str = "",
    online_link: str = "",
) -> Meeting:
    """A planned meeting; its members' reminders are scheduled with it."""
    policies.meetings.require(actor, "create", group)
    if not group.is_active:
        refuse(_("This group has been closed: it cannot meet."))
    _check_times(starts_at, ends_at)
    meeting = Meeting(
        group=group,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        online_link=online_link.strip(),
        created_by=actor.user,
    )
    meeting.full_clean()
    meeting.save()
    schedule_reminders(meeting)
    audit(actor, meeting, AuditAction.CREATED, None, _snapshot(meeting))
    return meeting


@transaction.atomic
def meeting_update(*, actor: Actor, meeting: Meeting, **changes: Any) -> Meeting:
    """Change time, place, link or title. A change a calendar must hear about raises the sequence,
    reschedules the reminders and, once invited, sends everyone an update."""
    unknown = set(changes) - set(CALENDAR_FIELDS)
    if unknown:
        raise TypeError(f"meeting_update: unknown fields {sorted(unknown)}")
    meeting = _locked(actor, meeting)
    policies.meetings.require(actor, "convene", meeting)
    if meeting.is_cancelled:
        refuse(_("This meeting has been cancelled: it cannot be changed."))
    if meeting.minutes_approved:
        refuse(_("The minutes of this meeting are approved: it cannot be changed."))
    before = _snapshot(meeting)
    for name, value in changes.items():
        setattr(meeting, name, value.strip() if isinstance(value, str) else value)
    if meeting.starts_at != datetime.datetime.fromisoformat(before["starts_at"]) or meeting.ends_at != (
        datetime.datetime.fromisoformat(before["ends_at"])
    ):
        _check_times(meeting.starts_at, meeting.ends_at)
    after = _snapshot(meeting)
    if after == before:
        return meeting
    meeting.sequence += 1
    meeting.version += 1
    meeting.full_clean()
    meeting.save()
    schedule_reminders(meeting)
    if meeting.invited_sequence is not None:
        _send_invitations(meeting)
    audit(actor, meeting, AuditAction.MOVED if "starts_at" in changes else AuditAction.UPDATED, before, after)
    return meeting


def _send_invitations(meeting: Meeting) -> int:
    """Invitations (or updates) of the current sequence to every member; once per person and sequence
    (the notifications' unique slot), so a double submit sends once."""
    count = _schedule_to_members(
        meeting,
        kind=kinds.MEETING_INVITATION,
        due_at=timezone.now(),
        slot=f"seq:{meeting.sequence}",
        also=[meeting.preparer] if meeting.preparer else [],
    )
    meeting.invited_sequence = meeting.sequence
    if meeting.state == MeetingState.PLANNED:
        meeting.state = MeetingState.INVITED
    meeting.save(update_fields=["invited_sequence", "state", "updated_at"])
    return count


@transaction.atomic
def meeting_send_invitations(*, actor: Actor, meeting: Meeting) -> int:
    """Send the invitations with a calendar file; returns how many new messages were queued (0 when
    this version of the meeting was already sent: the double submit)."""
    meeting = _locked(actor, meeting)
    if meeting.is_cancelled:
        refuse(_("This meeting has been cancelled: invitations cannot be sent."))
    policies.meetings.require(actor, "invite", meeting)
    if meeting.starts_at <= timezone.now():
        refuse(_("This meeting has already started: invitations cannot be sent."))
    users, addresses = member_contacts(meeting.group)
    if not users and not addresses:
        refuse(_("The group has no members to invite yet."))
    return _send_invitations(meeting)


@transaction.atomic
def meeting_cancel(*, actor: Actor, meeting: Meeting) -> Meeting:
    """Cancel: reminders and unsent invitations never go out; the invited get METHOD:CANCEL."""
    meeting = _locked(actor, meeting)
    policies.meetings.require(actor, "convene", meeting)
    if meeting.is_cancelled:
        return meeting
    if meeting.minutes_approved:
        refuse(_("The minutes of this meeting are approved: it cannot be cancelled."))
    before = _snapshot(meeting)
    meeting.state = MeetingState.CANCELLED
    meeting.sequence += 1
    meeting.version += 1
    meeting.save()
    notify.cancel(subject=meeting, kind=kinds.MEETING_REMINDER)
    notify.cancel(subject=meeting, kind=kinds.MEETING_INVITATION)
    if meeting.invited_sequence is not None:
        _schedule_to_members(
            meeting, kind=kinds.MEETING_CANCELLED, due_at=timezone.now(), slot=f"seq:{meeting.sequence}"
        )
    audit(actor, meeting, AuditAction.CANCELLED, before, _snapshot(meeting))
    return meeting


@transaction.atomic
def meeting_set_preparer(*, actor: Actor, meeting: Meeting, user: User | None) -> Meeting:
    """Let a named person prepare this one meeting (agenda and minutes): a `change_meeting` grant,
    taken from the previous preparer."""
    meeting = _locked(actor, meeting)
    policies.meetings.require(actor, "convene", meeting)
    if not in_municipality(actor, user):
        refuse(_("This person is not a member of your municipality."), "preparer")
    if meeting.preparer_id and (user is None or meeting.preparer_id != user.pk):
        remove_perm(policies.CHANGE_MEETING, meeting.preparer, meeting)
    if user is not None:
        assign_perm(policies.CHANGE_MEETING, user, meeting)
    before = {"preparer": meeting.preparer_id}
    meeting.preparer = user
    meeting.save(update_fields=["preparer", "updated_at"])
    audit(
        actor,
        meeting,
        AuditAction.ASSIGNED if user else AuditAction.UNASSIGNED,
        before,
        {"preparer": user.pk if user else None},
    )
    return meeting


# --- Agenda ------------------------------------------------------------------------------------

ITEM_FIELDS = ("title", "description", "presenter", "preparation_owner", "source")


def _check_item(actor: Actor, meeting: Meeting, item: AgendaItem, allow_staff_names: bool = False) -> None:
    item.title = (item.title or "").strip()
    if not item.title:
        refuse(_("Write the matter."), "title")
    context = text_context(meeting.group, allow_staff_names=allow_staff_names)
    check_group_texts(context, title=item.title, description=item.description)
    if item.presenter is not None and item.presenter.group_id != meeting.group_id:
        refuse(_("The presenter must be a member of the group."), "presenter")
    if not in_municipality(actor, item.preparation_owner):
        refuse(_("This person is not a member of your municipality."), "preparation_owner")


def _editable_agenda(actor: Actor, meeting: Meeting) -> Meeting:
    meeting = _locked(actor, meeting)
    if meeting.is_cancelled:
        refuse(_("This meeting has been cancelled: its agenda cannot be changed."))
    if meeting.minutes_approved:
        refuse(_("The minutes of this meeting are approved: its agenda cannot be changed."))
    policies.meetings.require(actor, "prepare", meeting)
    return meeting


@transaction.atomic
def agenda_item_add(
    *, actor: Actor, meeting: Meeting, title: str, allow_staff_names: bool = False, **fields: Any
) -> AgendaItem:
    """Add a matter. `allow_staff_names`: the writer confirmed that a name the pupil-name guard refused
    is a staff member's."""
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"agenda_item_add: unknown fields {sorted(unknown)}")
    meeting = _editable_agenda(actor, meeting)
    if meeting.agenda_items.count() >= MAX_AGENDA_ITEMS:
        refuse(_("An agenda can have at most %(max)s matters.") % {"max": MAX_AGENDA_ITEMS})
    last = meeting.agenda_items.aggregate(m=Max("order"))["m"]
    item = AgendaItem(meeting=meeting, title=title, order=(last or 0) + 1, **fields)
    _check_item(actor, meeting, item, allow_staff_names)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_item_update(
    *, actor: Actor, item: AgendaItem, allow_staff_names: bool = False, **fields: Any
) -> AgendaItem:
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"agenda_item_update: unknown fields {sorted(unknown)}")
    meeting = _editable_agenda(actor, item.meeting)
    item = meeting.agenda_items.get(pk=item.pk)
    for name, value in fields.items():
        setattr(item, name, value)
    _check_item(actor, meeting, item, allow_staff_names)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_item_delete(*, actor: Actor, item: AgendaItem) -> None:
    meeting = _editable_agenda(actor, item.meeting)
    meeting.agenda_items.filter(pk=item.pk).delete()


@transaction.atomic
def agenda_item_move(*, actor: Actor, item: AgendaItem, offset: int) -> None:
    """Move a matter up (-1) or down (+1) the agenda."""
    meeting = _editable_agenda(actor, item.meeting)
    items = list(meeting.agenda_items.order_by("order", "id"))
    index = next(i for i, it in enumerate(items) if it.pk == item.pk)
    target = index + (1 if offset > 0 else -1)
    if not 0 <= target < len(items):
        return
    items[index], items[target] = items[target], items[index]
    for order, it in enumerate(items, start=1):
        if it.order != order:
            it.order = order
            it.save(update_fields=["order"])
