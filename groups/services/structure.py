"""Levels, groups and members."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from audit.models import AuditAction
from core.access import lock_in
from schools.models import Municipality, School, Stage, User
from schools.tenancy import Actor

from .. import policies
from ..models import (
    MAX_MEMBERS,
    MAX_REMINDER_DAYS,
    Attachment,
    GroupLevel,
    GroupMember,
    MemberKind,
    WellbeingGroup,
)
from ._common import audit, check_group_texts, in_municipality, refuse, text_context

# The customer's four levels (seed 002); other municipalities rename or replace them.
DEFAULT_LEVELS = (
    (1, "Kaupungin opiskeluhuoltoryhmä", "Stadens elevhälsogrupp", Attachment.MUNICIPALITY),
    (2, "Koulukeskuksen opiskeluhuoltoryhmä", "Skolcentrets elevhälsogrupp", Attachment.SCHOOL),
    (3, "Vaiheryhmä", "Stadiegrupp", Attachment.STAGE),
    (4, "Työryhmä", "Arbetsgrupp", Attachment.PARENT),
)


@transaction.atomic
def levels_install_default(*, municipality: Municipality) -> list[GroupLevel]:
    """The default levels, for a municipality that has none yet (idempotent)."""
    if GroupLevel.objects.filter(municipality=municipality).exists():
        return list(GroupLevel.objects.filter(municipality=municipality))
    return GroupLevel.objects.bulk_create(
        GroupLevel(municipality=municipality, order=o, name_fi=fi, name_sv=sv, attaches_to=a)
        for o, fi, sv, a in DEFAULT_LEVELS
    )


# --- Groups ------------------------------------------------------------------------------------

GROUP_FIELDS = ("name_fi", "name_sv", "purpose", "ends_on", "convener", "reminder_days", "minutes_public")


def _check_reminder_days(days: list[int] | None) -> list[int]:
    if days is None:
        return []
    cleaned = sorted({int(d) for d in days}, reverse=True)
    if any(d < 0 or d > MAX_REMINDER_DAYS for d in cleaned) or len(cleaned) > 5:
        refuse(
            _("Give at most five reminders, each 0–%(max)s days before the meeting.")
            % {"max": MAX_REMINDER_DAYS},
            "reminder_days",
        )
    return cleaned


def _check_attachment(
    level: GroupLevel, school: School | None, stage: str, parent: WellbeingGroup | None, purpose: str
) -> tuple[School | None, str]:
    """The level decides what a group hangs on; returns the (school, stage) the group gets."""
    kind = level.attaches_to
    if kind == Attachment.MUNICIPALITY:
        if school is not None or stage or parent is not None:
            refuse(_("Groups of this level belong to the whole municipality, not to a school."), "school")
        return None, ""
    if kind == Attachment.SCHOOL:
        if school is None:
            refuse(_("Choose the school of this group."), "school")
        if stage:
            refuse(_("Groups of this level are for the whole school: leave the stage empty."), "stage")
        return school, ""
    if kind == Attachment.STAGE:
        if school is None:
            refuse(_("Choose the school of this group."), "school")
        if stage not in Stage.values:
            refuse(_("Choose the stage of this group."), "stage")
        if school.stages and stage not in school.stages:
            refuse(_("This school has no such stage."), "stage")
        return school, stage
    # A working group hangs on a parent group and has a purpose.
    if parent is None:
        refuse(_("Choose the group this working group works for."), "parent")
    if not purpose.strip():
        refuse(_("Write the purpose of the working group."), "purpose")
    return parent.school, parent.stage


@transaction.atomic
def group_create(
    *,
    actor: Actor,
    level: GroupLevel,
    name_fi: str,
    name_sv: str = "",
    school: School | None = None,
    stage: str = "",
    parent: WellbeingGroup | None = None,
    purpose: str = "",
    ends_on: datetime.date | None = None,
    convener: User | None = None,
    reminder_days: list[int] | None = None,
) -> WellbeingGroup:
    if level.municipality_id != actor.municipality.pk:
        refuse(_("Choose a level of your municipality."), "level")
    # The coordinator may create groups at any school: of their own municipality only.
    if school is not None and school.municipality_id != actor.municipality.pk:
        refuse(_("Choose the school of this group."), "school")
    if parent is not None and parent.municipality_id != actor.municipality.pk:
        refuse(_("Choose the group this working group works for."), "parent")
    school, stage = _check_attachment(level, school, stage, parent, purpose)
    if not policies.groups.can_create_at(actor, school.pk if school else None, parent):
        raise PermissionDenied
    if not in_municipality(actor, convener):
        refuse(_("The convener must be a member of your municipality."), "convener")
    if ends_on is not None and ends_on < timezone.localdate():
        refuse(_("The end date has passed."), "ends_on")
    if level.attaches_to == Attachment.STAGE and (
        WellbeingGroup.objects.filter(level=level, school=school, stage=stage, is_active=True).exists()
    ):
        # One stage group per stage of a school: a second one splits its members and meetings.
        refuse(_("This school already has a group for this stage."), "stage")
    group = WellbeingGroup(
        municipality=actor.municipality,
        level=level,
        name_fi=name_fi.strip(),
        name_sv=name_sv.strip(),
        school=school,
        stage=stage,
        parent=parent,
        purpose=purpose,
        ends_on=ends_on,
        convener=convener,
        reminder_days=_check_reminder_days(reminder_days),
    )
    check_group_texts(text_context(group), purpose=purpose)
    group.full_clean()
    group.save()
    audit(actor, group, AuditAction.CREATED, None, _group_snapshot(group))
    return group


def _group_snapshot(group: WellbeingGroup) -> dict:
    return {
        "name_fi": group.name_fi,
        "name_sv": group.name_sv,
        "purpose": group.purpose,
        "ends_on": group.ends_on.isoformat() if group.ends_on else None,
        "convener": group.convener_id,
        "reminder_days": list(group.reminder_days or []),
        "minutes_public": group.minutes_public,
        "is_active": group.is_active,
    }


@transaction.atomic
def group_update(*, actor: Actor, group: WellbeingGroup, **changes: Any) -> WellbeingGroup:
    """Change the group's names, purpose, end date, convener, reminders or publishing."""
    policies.groups.require(actor, "manage", group)
    unknown = set(changes) - set(GROUP_FIELDS) - {"is_active"}
    if unknown:
        raise TypeError(f"group_update: unknown fields {sorted(unknown)}")
    group = lock_in(WellbeingGroup.objects.filter(municipality=actor.municipality), group.pk)
    before = _group_snapshot(group)
    if "convener" in changes and not in_municipality(actor, changes["convener"]):
        refuse(_("The convener must be a member of your municipality."), "convener")
    if "reminder_days" in changes:
        changes["reminder_days"] = _check_reminder_days(changes["reminder_days"])
    if "purpose" in changes:
        check_group_texts(text_context(group), purpose=changes["purpose"])
        if group.level.attaches_to == Attachment.PARENT and not changes["purpose"].strip():
            refuse(_("Write the purpose of the working group."), "purpose")
    for name, value in changes.items():
        setattr(group, name, value.strip() if isinstance(value, str) and name.startswith("name") else value)
    group.full_clean()
    group.save()
    audit(actor, group, AuditAction.UPDATED, before, _group_snapshot(group))
    return group


# --- Members -----------------------------------------------------------------------------------

MEMBER_FIELDS = (
    "role",
    "name",
    "email",
    "language",
    "represents",
    "term_starts_on",
    "term_ends_on",
    "theme",
    "name_in_documents",
)


def _check_member(actor: Actor, member: GroupMember) -> None:
    if member.kind == MemberKind.STAFF:
        if member.user is None:
            refuse(_("Choose the staff member."), "user")
        if not in_municipality(actor, member.user):
            refuse(_("This person is not a member of your municipality."), "user")
        member.name = ""
        member.email = ""
    else:
        if member.user is not None:
            refuse(_("Only staff members are chosen from the people of the municipality."), "user")
        if not member.name.strip():
            refuse(_("Write the member's name."), "name")
        if member.kind != MemberKind.PUPIL and not member.email:
            refuse(
                _("Write the member's e-mail address: invitations and minutes reach them by e-mail."), "email"
            )
    if member.role is not None and member.role.municipality_id != actor.municipality.pk:
        refuse(_("Choose a role of your municipality."), "role")
    if member.term_starts_on and member.term_ends_on and member.term_ends_on < member.term_starts_on:
        refuse(_("The term cannot end before it starts."), "term_ends_on")


def _may_edit_members(actor: Actor, group: WellbeingGroup) -> None:
    if not (policies.groups.can_manage(actor, group) or policies.groups.can_convene(actor, group)):
        raise PermissionDenied


@transaction.atomic
def member_add(
    *, actor: Actor, group: WellbeingGroup, kind: str, user: User | None = None, **fields: Any
) -> GroupMember:
    """Add a member; a user member gets the group's meetings and minutes (a guardian grant)."""
    _may_edit_members(actor, group)
    if kind not in MemberKind.values:
        refuse(_("Choose what kind of member this is."), "kind")
    unknown = set(fields) - set(MEMBER_FIELDS)
    if unknown:
        raise TypeError(f"member_add: unknown fields {sorted(unknown)}")
    group = lock_in(WellbeingGroup.objects.filter(municipality=actor.municipality), group.pk)
    if group.members.count() >= MAX_MEMBERS:
        refuse(_("A group can have at most %(max)s members.") % {"max": MAX_MEMBERS})
    member = GroupMember(group=group, kind=kind, user=user, **fields)
    member.name = (member.name or "").strip()
    _check_member(actor, member)
    if user is not None and group.members.filter(user=user).exists():
        refuse(_("This person is already a member of the group."), "user")
    member.full_clean()
    member.save()
    if user is not None:
        assign_perm(policies.VIEW_GROUP, user, group)
    audit(actor, group, AuditAction.ASSIGNED, None, {"member": member.display_name, "kind": kind})
    return member


@transaction.atomic
def member_update(*, actor: Actor, member: GroupMember, **fields: Any) -> GroupMember:
    _may_edit_members(actor, member.group)
    unknown = set(fields) - set(MEMBER_FIELDS)
    if unknown:
        raise TypeError(f"member_update: unknown fields {sorted(unknown)}")
    member = lock_in(GroupMember.objects.filter(group__municipality=actor.municipality), member.pk)
    for name, value in fields.items():
        setattr(member, name, value)
    member.name = (member.name or "").strip()
    _check_member(actor, member)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def member_remove(*, actor: Actor, member: GroupMember) -> None:
    """Remove a member; a user loses the group's meetings and minutes with the grant."""
    group = member.group
    _may_edit_members(actor, group)
    if member.user_id is not None:
        remove_perm(policies.VIEW_GROUP, member.user, group)
    audit(actor, group, AuditAction.UNASSIGNED, {"member": member.display_name, "kind": member.kind}, None)
    member.delete()
