"""Action items: what a meeting gave someone to do, with reminders before the due date and when late."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from core.access import lock_in
from notifications import services as notify
from schools.models import User
from schools.tenancy import Actor

from .. import notifications as kinds
from .. import policies
from ..models import OPEN_ACTION_STATES, ActionItem, ActionStatus, AgendaItem, Meeting
from ._common import audit, in_municipality, refuse
from .meetings import _locked

# The due reminder goes this many days before the due date, at this local hour; the overdue one the
# morning after.
DUE_REMINDER_DAYS = 3
REMINDER_HOUR = 8


def _at_morning(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(REMINDER_HOUR)))


def schedule_item_reminders(item: ActionItem) -> None:
    """The owner's reminders for the current due date; those of an earlier date or owner never go."""
    notify.cancel(subject=item, kind=kinds.ACTION_ITEM_DUE)
    notify.cancel(subject=item, kind=kinds.ACTION_ITEM_OVERDUE)
    if item.status not in OPEN_ACTION_STATES:
        return
    now = timezone.now()
    due = item.due_on.isoformat()
    before = _at_morning(item.due_on - datetime.timedelta(days=DUE_REMINDER_DAYS))
    for kind, at, slot in (
        (kinds.ACTION_ITEM_DUE, before, f"due:{due}"),
        (kinds.ACTION_ITEM_OVERDUE, _at_morning(item.due_on + datetime.timedelta(days=1)), f"overdue:{due}"),
    ):
        if at > now:
            notify.schedule(
                kind=kind,
                subject=item,
                recipients=[item.owner],
                due_at=at,
                slot=f"{slot}:u{item.owner_id}",
                municipality=item.municipality_id,
            )


def _check(actor: Actor, owner: User, due_on: datetime.date, what: str) -> None:
    if not what.strip():
        refuse(_("Write what is to be done."), "what")
    if not in_municipality(actor, owner):
        refuse(_("The owner must be a member of your municipality."), "owner")
    if due_on < timezone.localdate():
        refuse(_("The due date has passed."), "due_on")


def _snapshot(item: ActionItem) -> dict:
    return {
        "what": item.what,
        "owner": item.owner_id,
        "due_on": item.due_on.isoformat(),
        "status": item.status,
    }


@transaction.atomic
def action_item_create(
    *,
    actor: Actor,
    meeting: Meeting,
    what: str,
    owner: User,
    due_on: datetime.date,
    agenda_item: AgendaItem | None = None,
) -> ActionItem:
    meeting = _locked(actor, meeting)
    if meeting.is_cancelled:
        refuse(_("This meeting has been cancelled."))
    policies.meetings.require(actor, "prepare", meeting)
    _check(actor, owner, due_on, what)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        refuse(_("Choose a matter of this meeting."), "agenda_item")
    item = ActionItem(
        municipality=actor.municipality,
        meeting=meeting,
        agenda_item=agenda_item,
        what=what.strip(),
        owner=owner,
        due_on=due_on,
        created_by=actor.user,
    )
    item.full_clean()
    item.save()
    schedule_item_reminders(item)
    audit(actor, item, AuditAction.CREATED, None, _snapshot(item))
    return item


def _locked_item(actor: Actor, item: ActionItem) -> ActionItem:
    return lock_in(
        ActionItem.objects.filter(municipality=actor.municipality).select_related("meeting__group", "owner"),
        item.pk,
    )


@transaction.atomic
def action_item_update(
    *, actor: Actor, item: ActionItem, what: str, owner: User, due_on: datetime.date
) -> ActionItem:
    item = _locked_item(actor, item)
    policies.action_items.require(actor, "edit", item)
    if not item.is_open:
        refuse(_("This action item is closed: reopen it first."))
    _check(actor, owner, due_on, what)
    before = _snapshot(item)
    item.what, item.owner, item.due_on = what.strip(), owner, due_on
    item.full_clean()
    item.save()
    schedule_item_reminders(item)
    audit(actor, item, AuditAction.UPDATED, before, _snapshot(item))
    return item


@transaction.atomic
def action_item_set_status(*, actor: Actor, item: ActionItem, status: str) -> ActionItem:
    """Mark progress; a done or cancelled item's reminders never go, a reopened one gets them again."""
    if status not in ActionStatus.values:
        refuse(_("Choose a status."), "status")
    item = _locked_item(actor, item)
    policies.action_items.require(actor, "update_status", item)
    if status == item.status:
        return item
    before = _snapshot(item)
    item.status = status
    item.completed_at = timezone.now() if status == ActionStatus.DONE else None
    item.save(update_fields=["status", "completed_at", "updated_at"])
    schedule_item_reminders(item)
    audit(actor, item, AuditAction.UPDATED, before, _snapshot(item))
    return item
