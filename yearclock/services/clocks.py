"""A school's yearclock: made from the city's template, then the school's own."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import record as audit_record
from core.access import lock_in
from roles.models import PracticalAct, StaffAssignment
from schools.models import School, SchoolYear, User
from schools.tenancy import Actor

from .. import policies
from ..models import MAX_ENTRIES, EntrySource, EntryStatus, TemplateEntry, Yearclock, YearclockEntry
from ._entries import apply_entry_fields, refuse, set_roles


def _audit(actor: Actor, obj: Any, action: str, before: dict | None, after: dict | None) -> None:
    audit_record(
        actor_user=actor.user,
        municipality=actor.municipality,
        obj=obj,
        action=action,
        before=before,
        after=after,
    )


def _snapshot(entry: YearclockEntry) -> dict:
    return {
        "theme": entry.theme,
        "start_month": entry.start_month,
        "end_month": entry.end_month,
        "owner": entry.owner_id,
        "status": entry.status,
        "skip_reason": entry.skip_reason,
        "dropped": entry.dropped,
    }


@transaction.atomic
def yearclock_create(*, actor: Actor, school: School, school_year: SchoolYear) -> Yearclock:
    """The school's yearclock for a school year, with every active city entry copied (marked as the
    city's). A second one for the same school and year is refused."""
    if (
        school.municipality_id != actor.municipality.pk
        or school_year.municipality_id != actor.municipality.pk
    ):
        refuse(_("Choose a school and a school year of your municipality."))
    if not policies.yearclocks.can_create(actor, school, school_year):
        raise PermissionDenied
    if Yearclock.objects.filter(school=school, school_year=school_year).exists():
        refuse(_("This school already has a yearclock for this school year."), code="duplicate")
    try:
        with transaction.atomic():
            clock = Yearclock.objects.create(school=school, school_year=school_year, created_by=actor.user)
    except IntegrityError:  # a second request won the race
        refuse(_("This school already has a yearclock for this school year."), code="duplicate")
    template_entries = list(
        TemplateEntry.objects.filter(template__municipality=actor.municipality, is_active=True)
        .prefetch_related("roles")
        .order_by("order", "id")
    )
    copies = YearclockEntry.objects.bulk_create(
        YearclockEntry(
            yearclock=clock,
            source=EntrySource.CITY,
            template_entry=t,
            theme=t.theme,
            theme_sv=t.theme_sv,
            description=t.description,
            description_sv=t.description_sv,
            start_month=t.start_month,
            end_month=t.end_month,
            weeks=list(t.weeks),
            level=t.level,
            participants=t.participants,
            evaluation_sources=list(t.evaluation_sources),
            order=index,
        )
        for index, t in enumerate(template_entries, start=1)
    )
    through = YearclockEntry.roles.through
    through.objects.bulk_create(
        through(yearclockentry_id=copy.pk, role_id=role.pk)
        for copy, t in zip(copies, template_entries, strict=True)
        for role in t.roles.all()
    )
    _audit(actor, clock, AuditAction.CREATED, None, {"entries": len(copies)})
    return clock


def _locked_entry(actor: Actor, entry: YearclockEntry) -> YearclockEntry:
    return lock_in(
        YearclockEntry.objects.filter(yearclock__school__municipality=actor.municipality).select_related(
            "yearclock__school", "yearclock__school_year"
        ),
        entry.pk,
    )


def _check_owner(actor: Actor, clock: Yearclock, owner: User | None) -> None:
    """The owner is staff of the clock's school in its school year."""
    if owner is None:
        return
    if not StaffAssignment.objects.filter(
        user=owner, school_id=clock.school_id, school_year_id=clock.school_year_id
    ).exists():
        refuse(_("The owner must be a staff member of this school in this school year."), "owner")


@transaction.atomic
def entry_add(
    *,
    actor: Actor,
    yearclock: Yearclock,
    roles: Iterable[Any] = (),
    owner: User | None = None,
    **fields: Any,
) -> YearclockEntry:
    """A school's own entry."""
    clock = lock_in(Yearclock.objects.filter(school__municipality=actor.municipality), yearclock.pk)
    policies.yearclocks.require(actor, "manage", clock)
    if clock.entries.count() >= MAX_ENTRIES:
        refuse(_("A yearclock can have at most %(max)s entries.") % {"max": MAX_ENTRIES})
    entry = YearclockEntry(yearclock=clock, source=EntrySource.SCHOOL, order=clock.entries.count() + 1)
    apply_entry_fields(actor, entry, fields)
    _check_owner(actor, clock, owner)
    entry.owner = owner
    entry.full_clean()
    entry.save()
    set_roles(actor, entry, roles)
    _audit(actor, entry, AuditAction.CREATED, None, _snapshot(entry))
    return entry


@transaction.atomic
def entry_update(
    *, actor: Actor, entry: YearclockEntry, roles: Iterable[Any] | None = None, **fields: Any
) -> YearclockEntry:
    """Edit an entry (a city entry too: the school makes it its own; it stays marked as the city's).
    `owner` may be among the fields."""
    entry = _locked_entry(actor, entry)
    policies.entries.require(actor, "edit", entry)
    before = _snapshot(entry)
    owner_given = "owner" in fields
    owner = fields.pop("owner", None)
    apply_entry_fields(actor, entry, fields)
    if owner_given:
        _check_owner(actor, entry.yearclock, owner)
        entry.owner = owner
    entry.full_clean()
    entry.save()
    if roles is not None:
        set_roles(actor, entry, roles)
    _audit(actor, entry, AuditAction.UPDATED, before, _snapshot(entry))
    return entry


@transaction.atomic
def entry_move(*, actor: Actor, entry: YearclockEntry, start_month: int, end_month: int) -> YearclockEntry:
    """Move an entry to other months (specific weeks no longer apply and are cleared)."""
    entry = _locked_entry(actor, entry)
    policies.entries.require(actor, "edit", entry)
    before = _snapshot(entry)
    apply_entry_fields(actor, entry, {"start_month": start_month, "end_month": end_month, "weeks": []})
    entry.save()
    _audit(actor, entry, AuditAction.MOVED, before, _snapshot(entry))
    return entry


@transaction.atomic
def entry_drop(*, actor: Actor, entry: YearclockEntry) -> YearclockEntry | None:
    """Drop an entry: the school's own is deleted; a city entry stays, marked dropped, so the
    coordinator sees which schools left which city themes out."""
    entry = _locked_entry(actor, entry)
    policies.entries.require(actor, "edit", entry)
    before = _snapshot(entry)
    if entry.source == EntrySource.SCHOOL:
        _audit(actor, entry, AuditAction.DELETED, before, None)
        entry.delete()
        return None
    entry.dropped = True
    entry.is_evaluation = False
    entry.save(update_fields=["dropped", "is_evaluation", "updated_at"])
    _audit(actor, entry, AuditAction.RETIRED, before, _snapshot(entry))
    return entry


@transaction.atomic
def entry_restore(*, actor: Actor, entry: YearclockEntry) -> YearclockEntry:
    entry = _locked_entry(actor, entry)
    policies.entries.require(actor, "edit", entry)
    before = _snapshot(entry)
    entry.dropped = False
    entry.save(update_fields=["dropped", "updated_at"])
    _audit(actor, entry, AuditAction.RESTORED, before, _snapshot(entry))
    return entry


@transaction.atomic
def entry_set_status(
    *, actor: Actor, entry: YearclockEntry, status: str, skip_reason: str = ""
) -> YearclockEntry:
    """Planned, in progress, done, or skipped with a reason."""
    if status not in EntryStatus.values:
        refuse(_("Choose a status."), "status")
    entry = _locked_entry(actor, entry)
    policies.entries.require(actor, "update_status", entry)
    if entry.dropped:
        refuse(_("This entry was dropped: restore it first."))
    skip_reason = (skip_reason or "").strip()
    if status == EntryStatus.SKIPPED and not skip_reason:
        refuse(_("Say why the entry was skipped."), "skip_reason")
    before = _snapshot(entry)
    entry.status = status
    entry.skip_reason = skip_reason if status == EntryStatus.SKIPPED else ""
    entry.full_clean()
    entry.save(update_fields=["status", "skip_reason", "updated_at"])
    _audit(actor, entry, AuditAction.UPDATED, before, _snapshot(entry))
    return entry


@transaction.atomic
def entry_mark_evaluation(*, actor: Actor, entry: YearclockEntry) -> YearclockEntry:
    """This entry is the year's evaluation (one per yearclock: the previous one is unmarked)."""
    entry = _locked_entry(actor, entry)
    policies.entries.require(actor, "edit", entry)
    if entry.dropped:
        refuse(_("This entry was dropped: restore it first."))
    YearclockEntry.objects.filter(yearclock_id=entry.yearclock_id, is_evaluation=True).exclude(
        pk=entry.pk
    ).update(is_evaluation=False)
    entry.is_evaluation = True
    entry.save(update_fields=["is_evaluation", "updated_at"])
    return entry


@transaction.atomic
def entry_link_acts(*, actor: Actor, entry: YearclockEntry, acts: Iterable[PracticalAct]) -> YearclockEntry:
    """Point the entry to practical acts of the school's roles tool of the same school year."""
    entry = _locked_entry(actor, entry)
    policies.entries.require(actor, "edit", entry)
    acts = list(acts)
    clock = entry.yearclock
    if any(
        a.tool.school_id != clock.school_id or a.tool.school_year_id != clock.school_year_id for a in acts
    ):
        refuse(_("Choose acts of this school's roles tool for the same school year."), "acts")
    entry.acts.set(acts)
    return entry


def entries_done_by_minutes(*, meeting: Any, actor: Actor, **_payload: object) -> int:
    """Listener of "groups.minutes_approved": the entries handled in the meeting (agenda items made
    from them) become done, unless the school skipped them. Runs in the approval's transaction."""
    keys = [
        source.split(":", 1)[1]
        for source in meeting.agenda_items.filter(source__startswith="yearclock.entry:").values_list(
            "source", flat=True
        )
    ]
    ids = [int(k) for k in keys if k.isascii() and k.isdigit()]
    if not ids:
        return 0
    return (
        YearclockEntry.objects.filter(
            pk__in=ids, yearclock__school__municipality_id=meeting.group.municipality_id, dropped=False
        )
        .exclude(status__in=[EntryStatus.DONE, EntryStatus.SKIPPED])
        .update(status=EntryStatus.DONE)
    )
