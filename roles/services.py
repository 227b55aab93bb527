"""Writes to the role catalog and the schools' roles tools: one function per use case, atomic.

Each validates before it writes and raises ValidationError (translated) or PermissionDenied;
nothing is written when it raises.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from audit.models import AuditAction
from audit.services import record as audit_record
from core.access import lock_in
from core.errors import ObjectNotFound
from notifications import services as notification_services
from notifications.selectors import scheduled_user_ids
from schools.models import Membership, Municipality, School, SchoolYear, User
from schools.tenancy import Actor

from . import policies, text_rules
from .models import (
    ACT_TEXT_MAX_LENGTH,
    MAX_ACTS_PER_ROLE,
    ActSection,
    ConfirmAllBatch,
    PracticalAct,
    Responsibility,
    Role,
    RoleKey,
    RolesTool,
    RolesToolRevision,
    StaffAssignment,
    ToolState,
)
from .notifications import DEADLINE_REMINDER, TOOL_PUBLISHED, deadline_slot, roles_without_acts
from .standard_catalog import STANDARD_ROLES, STANDARD_SECTIONS
from .standard_catalog_sv import STANDARD_ROLES_SV

# School-year order of the calendar months: August first.
SCHOOL_YEAR_MONTHS = [8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7]
MAX_ACT_LENGTH = ACT_TEXT_MAX_LENGTH


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You do not have permission to do this."))


# --- The catalog ------------------------------------------------------------------------------


@transaction.atomic
def catalog_install_standard_roles(*, municipality: Municipality) -> list[Role]:
    """Install the standard roles and act sections a municipality lacks; existing ones stay as they are."""
    existing = {r.name_fi.lower(): r for r in Role.objects.filter(municipality=municipality)}
    existing_keys = {r.key for r in existing.values() if r.key != "other"}
    roles = []
    for order, entry in enumerate(STANDARD_ROLES, start=1):
        role = existing.get(entry["name_fi"].lower())
        if role is None and entry["key"] not in existing_keys:
            role = Role.objects.create(
                municipality=municipality,
                key=entry["key"],
                name_fi=entry["name_fi"],
                name_sv=entry["name_sv"],
                description=entry["description"],
                description_sv=STANDARD_ROLES_SV[entry["key"]]["description"],
                order=order * 10,
                is_staff_role=entry["is_staff_role"],
            )
            swedish = STANDARD_ROLES_SV[entry["key"]]["responsibilities"]
            Responsibility.objects.bulk_create(
                Responsibility(role=role, text=text, text_sv=swedish[i], order=i)
                for i, text in enumerate(entry["responsibilities"])
            )
        if role is not None:
            roles.append(role)
    sections_install_standard(municipality=municipality)
    return roles


@transaction.atomic
def catalog_add_standard_swedish(*, municipality: Municipality) -> int:
    """Give a municipality's standard roles the standard Swedish texts where they have none, for
    catalogs installed before the Swedish texts existed. Only where the Finnish text is still the
    standard one (a translation of words the city has since changed would be wrong); returns how
    many roles got Swedish texts. Idempotent."""
    changed = 0
    standard = {entry["key"]: entry for entry in STANDARD_ROLES}
    # A city's own roles are "other" too: the comparison with the standard Finnish texts leaves them be.
    roles = Role.objects.filter(municipality=municipality, key__in=list(STANDARD_ROLES_SV))
    for role in roles.prefetch_related("responsibilities"):
        entry, swedish = standard[role.key], STANDARD_ROLES_SV[role.key]
        lines = list(role.responsibilities.all())
        touched = False
        if not role.description_sv and role.description == entry["description"]:
            role.description_sv = swedish["description"]
            role.save(update_fields=["description_sv", "updated_at"])
            touched = True
        untranslated = not any(line.text_sv for line in lines)
        if untranslated and [line.text for line in lines] == entry["responsibilities"]:
            for line, text_sv in zip(lines, swedish["responsibilities"], strict=True):
                line.text_sv = text_sv
            Responsibility.objects.bulk_update(lines, ["text_sv"])
            touched = touched or bool(lines)
        changed += touched
    return changed


def sections_install_standard(*, municipality: Municipality) -> list[ActSection]:
    if ActSection.objects.filter(municipality=municipality).exists():
        return list(ActSection.objects.filter(municipality=municipality))
    return ActSection.objects.bulk_create(
        ActSection(municipality=municipality, name_fi=s["name_fi"], name_sv=s["name_sv"], order=(i + 1) * 10)
        for i, s in enumerate(STANDARD_SECTIONS)
    )


def role_as_text(role: Role) -> dict:
    """The texts of a role as they stand: what the history and the published documents keep."""
    swedish = [r.text_sv for r in role.responsibilities.all()]
    return {
        "name_fi": role.name_fi,
        "name_sv": role.name_sv,
        "description": role.description,
        "description_sv": role.description_sv,
        "responsibilities": [r.text for r in role.responsibilities.all()],
        # Line by line with the Finnish ones; nothing while no line has Swedish.
        "responsibilities_sv": swedish if any(swedish) else [],
        "is_active": role.is_active,
    }


def _audit(
    actor: Actor, obj: object, action: str, before: dict | None, after: dict | None, **extra: object
) -> None:
    """One audit event by the actor in their municipality (`extra`: audit_record's context and keep)."""
    audit_record(
        actor_user=actor.user,
        municipality=actor.municipality,
        obj=obj,
        action=action,
        before=before,
        after=after,
        **extra,
    )


def _audit_role(actor: Actor, role: Role, action: str, before: dict | None, after: dict | None) -> None:
    _audit(actor, role, action, before, after)


def _clean_lines(lines: Iterable[str]) -> list[str]:
    return [line.strip() for line in lines if line and line.strip()]


def _paired_swedish(
    finnish: list[str], swedish: Sequence[str] | None, previous: Sequence[Responsibility] = ()
) -> list[str]:
    """One Swedish text per Finnish responsibility ("" where none).

    Given (`swedish` not None): line by line in the order of the Finnish lines, as many of them, or
    none at all. Left out (None): each Finnish line keeps the Swedish text it had, found by its
    Finnish words, so reordering, adding or removing Finnish lines never pairs a translation with
    the wrong line; a line edited in place (its old words found nowhere in the new list) keeps the
    Swedish of the line it replaced, so no translation is lost; a new line has no Swedish yet.
    """
    if swedish is None:
        by_words = {line.text: line.text_sv for line in previous}
        matched = set(finnish)
        paired = []
        for index, text in enumerate(finnish):
            if text in by_words:
                paired.append(by_words[text])
            elif index < len(previous) and previous[index].text not in matched:
                paired.append(previous[index].text_sv)
            else:
                paired.append("")
        return paired
    swedish = _clean_lines(swedish)
    if not swedish:
        return [""] * len(finnish)
    if len(swedish) != len(finnish):
        raise ValidationError(
            {
                "responsibilities_sv": _(
                    "Write the Swedish responsibilities line by line in the order of the Finnish ones: "
                    "%(finnish)s Finnish lines, %(swedish)s Swedish lines. Or leave them all empty."
                )
                % {"finnish": len(finnish), "swedish": len(swedish)}
            }
        )
    return swedish


def _save_role_texts(
    role: Role,
    *,
    name_fi: str,
    name_sv: str,
    description: str,
    description_sv: str,
    responsibilities: list[str],
    responsibilities_sv: list[str],
) -> None:
    """`responsibilities_sv` pairs with `responsibilities` line by line (see `_paired_swedish`)."""
    role.name_fi, role.name_sv = name_fi.strip(), name_sv.strip()
    role.description = text_rules.normalized(description)
    role.description_sv = text_rules.normalized(description_sv)
    if not role.name_fi:
        raise ValidationError({"name_fi": _("The role needs a Finnish name.")})
    # Not excluding municipality: Django skips a constraint naming an excluded field, and the
    # unique-name constraint would then surface as an IntegrityError instead of a form error.
    role.full_clean()
    lines = [
        Responsibility(role=role, text=text, text_sv=text_sv, order=i)
        for i, (text, text_sv) in enumerate(zip(responsibilities, responsibilities_sv, strict=True))
    ]
    text_rules.check_role(role, lines)
    role.save()
    role.responsibilities.all().delete()
    Responsibility.objects.bulk_create(lines)


@transaction.atomic
def role_create(
    *,
    actor: Actor,
    name_fi: str,
    name_sv: str = "",
    description: str = "",
    description_sv: str = "",
    responsibilities: Sequence[str] = (),
    responsibilities_sv: Sequence[str] = (),
) -> Role:
    """A city's own role (e.g. school coach, school assistant), kept as an "other" role."""
    policies.catalog.require(actor, "edit")
    last = Role.objects.filter(municipality=actor.municipality).aggregate(m=Max("order"))["m"] or 0
    role = Role(municipality=actor.municipality, key=RoleKey.OTHER, order=last + 10, is_staff_role=True)
    finnish = _clean_lines(responsibilities)
    _save_role_texts(
        role,
        name_fi=name_fi,
        name_sv=name_sv,
        description=description,
        description_sv=description_sv,
        responsibilities=finnish,
        responsibilities_sv=_paired_swedish(finnish, responsibilities_sv),
    )
    _audit_role(actor, role, AuditAction.CREATED, None, role_as_text(role))
    return role


@transaction.atomic
def role_update(
    *,
    actor: Actor,
    role: Role,
    name_fi: str,
    name_sv: str,
    description: str,
    responsibilities: Sequence[str],
    description_sv: str | None = None,
    responsibilities_sv: Sequence[str] | None = None,
) -> Role:
    """The Swedish texts left out (None) stay as they are: the description unchanged, each
    responsibility's Swedish with its Finnish line (`_paired_swedish`)."""
    policies.catalog.require(actor, "edit")
    role = lock_in(Role.objects.filter(municipality=actor.municipality), role.pk)
    before = role_as_text(role)
    finnish = _clean_lines(responsibilities)
    _save_role_texts(
        role,
        name_fi=name_fi,
        name_sv=name_sv,
        description=description,
        description_sv=role.description_sv if description_sv is None else description_sv,
        responsibilities=finnish,
        responsibilities_sv=_paired_swedish(finnish, responsibilities_sv, list(role.responsibilities.all())),
    )
    after = role_as_text(role)
    _audit_role(actor, role, AuditAction.UPDATED, before, after)
    return role


@transaction.atomic
def role_set_active(*, actor: Actor, role: Role, active: bool) -> Role:
    """Retire or restore a city's own ("other") role; the standard roles of the model stay."""
    policies.catalog.require(actor, "edit")
    role = lock_in(Role.objects.filter(municipality=actor.municipality), role.pk)
    if role.key != RoleKey.OTHER:
        raise ValidationError(_("The standard roles cannot be retired; only a city's own roles can."))
    if role.is_active == active:
        return role
    before = role_as_text(role)
    role.is_active = active
    role.save(update_fields=["is_active", "updated_at"])
    _audit_role(
        actor, role, AuditAction.RESTORED if active else AuditAction.RETIRED, before, role_as_text(role)
    )
    return role


# --- Roles tools ------------------------------------------------------------------------------


@transaction.atomic
def tool_create(
    *, actor: Actor, school: School, school_year: SchoolYear, carry_over: bool = False
) -> RolesTool:
    """Start the school's roles tool for a school year: empty, or carried over from the previous year.

    Carried acts are marked "carried over — confirm or edit" until someone touches them.
    """
    from schools.selectors import previous_school_year

    if (
        school.municipality_id != actor.municipality.pk
        or school_year.municipality_id != actor.municipality.pk
    ):
        raise ObjectNotFound
    if not policies.roles_tool.can_start(actor, school, school_year):
        raise PermissionDenied
    if RolesTool.objects.filter(school=school, school_year=school_year).exists():
        raise ValidationError(_("The school already has a roles tool for this school year."))
    sections_install_standard(municipality=actor.municipality)
    active_roles = list(Role.objects.filter(municipality=actor.municipality, is_active=True))
    previous = None
    if carry_over:
        previous_year = previous_school_year(school_year)
        previous = (
            RolesTool.objects.filter(school=school, school_year=previous_year).first()
            if previous_year
            else None
        )
        if previous is None:
            raise ValidationError(_("There is no roles tool of the previous school year to carry over."))
    tool = RolesTool.objects.create(
        school=school, school_year=school_year, created_by=actor.user, carried_over_from=previous
    )
    if previous is None:
        tool.roles.set(active_roles)
        return tool
    active_ids = {r.pk for r in active_roles}
    kept_roles = [r.pk for r in previous.roles.all() if r.pk in active_ids]
    tool.roles.set(kept_roles or active_roles)
    active_people = set(
        Membership.objects.filter(municipality=actor.municipality, is_active=True).values_list(
            "user_id", flat=True
        )
    )
    PracticalAct.objects.bulk_create(
        PracticalAct(
            tool=tool,
            role_id=act.role_id,
            section_id=act.section_id,
            text=act.text,
            months=act.months,
            with_whom=act.with_whom,
            responsible_id=act.responsible_id if act.responsible_id in active_people else None,
            order=act.order,
            carried_over=True,
            updated_by=actor.user,
        )
        for act in previous.acts.filter(role_id__in=kept_roles, section__is_active=True)
    )
    return tool


def _lock_tool(actor: Actor, tool: RolesTool) -> RolesTool:
    tools = RolesTool.objects.filter(school__municipality=actor.municipality)
    return lock_in(tools.select_related("school", "school_year"), tool.pk)


@transaction.atomic
def tool_set_roles(*, actor: Actor, tool: RolesTool, roles: Iterable[Role]) -> RolesTool:
    """Choose the catalog roles the school uses; a role that already has acts cannot be left out."""
    tool = _lock_tool(actor, tool)
    policies.roles_tool.require(actor, "manage", tool)
    if tool.is_published:
        raise ValidationError(_("A published roles tool cannot be changed. Reopen it first."))
    roles = list(roles)
    if any(r.municipality_id != actor.municipality.pk or not r.is_active for r in roles):
        raise ValidationError(_("Choose active roles of your municipality's catalog."))
    keep = {r.pk for r in roles}
    with_acts = set(tool.acts.values_list("role_id", flat=True))
    dropped = with_acts - keep
    if dropped:
        names = ", ".join(r.name for r in Role.objects.filter(pk__in=dropped))
        raise ValidationError(_("Remove the acts of these roles first: %(roles)s.") % {"roles": names})
    before = sorted(r.name_fi for r in tool.roles.all())
    tool.roles.set(roles)
    _audit_tool(
        actor, tool, AuditAction.UPDATED, {"roles": before}, {"roles": sorted(r.name_fi for r in roles)}
    )
    return tool


@transaction.atomic
def tool_set_deadline(*, actor: Actor, tool: RolesTool, deadline: datetime.date | None) -> RolesTool:
    tool = _lock_tool(actor, tool)
    policies.roles_tool.require(actor, "manage", tool)
    if deadline is not None and not (tool.school_year.starts_on <= deadline <= tool.school_year.ends_on):
        raise ValidationError(
            {
                "deadline": _("The deadline must fall within the school year %(year)s (%(start)s–%(end)s).")
                % {
                    "year": tool.school_year.name,
                    "start": tool.school_year.starts_on.strftime("%d.%m.%Y"),
                    "end": tool.school_year.ends_on.strftime("%d.%m.%Y"),
                }
            }
        )
    before = {"deadline": tool.deadline.isoformat() if tool.deadline else None}
    if deadline != tool.deadline:
        # Reminders of the old deadline never go out; the new one's are queued when their day comes.
        notification_services.cancel(subject=tool, kind=DEADLINE_REMINDER)
    tool.deadline = deadline
    tool.save(update_fields=["deadline", "updated_at"])
    _audit_tool(
        actor, tool, AuditAction.UPDATED, before, {"deadline": deadline.isoformat() if deadline else None}
    )
    return tool


@transaction.atomic
def tool_submit_for_review(*, actor: Actor, tool: RolesTool) -> RolesTool:
    tool = _lock_tool(actor, tool)
    policies.roles_tool.require(actor, "manage", tool)
    if tool.state != ToolState.DRAFT:
        raise ValidationError(_("Only a draft can be sent for review."))
    tool.state = ToolState.IN_REVIEW
    tool.save(update_fields=["state", "updated_at"])
    _audit_tool(actor, tool, AuditAction.SUBMITTED, {"state": ToolState.DRAFT}, {"state": tool.state})
    return tool


@transaction.atomic
def tool_publish(*, actor: Actor, tool: RolesTool, today: datetime.date | None = None) -> RolesToolRevision:
    """Publish: freeze the texts into a revision and tell every staff member of the school, once.

    Refused (nothing written) when the tool has no acts, carried-over acts wait for confirmation, or
    its school year has ended. `today` is the day of publication (the demo seeds past years' history)."""
    from .selectors import act_counts, publication_recipients, tool_document
    from .tasks import render_published_pdf

    tool = _lock_tool(actor, tool)
    policies.roles_tool.require(actor, "manage", tool)
    act_count, unconfirmed = act_counts(tool)
    refusals = policies.roles_tool.publish_refusals(
        tool, act_count=act_count, unconfirmed=unconfirmed, today=today or timezone.localdate()
    )
    if refusals:
        raise ValidationError(refusals)
    document = tool_document(tool)
    text_rules.check_document(document, text_rules.tool_context(tool))
    now = timezone.now()
    revision = RolesToolRevision.objects.create(
        tool=tool,
        number=tool.revision,
        published_at=now,
        published_by=actor.user,
        document=document,
    )
    before_state = tool.state
    tool.state = ToolState.PUBLISHED
    tool.save(update_fields=["state", "updated_at"])
    _audit_tool(
        actor,
        tool,
        AuditAction.PUBLISHED,
        {"state": before_state},
        {"state": tool.state, "revision": revision.number},
    )
    notification_services.schedule(
        kind=TOOL_PUBLISHED,
        subject=tool,
        recipients=publication_recipients(tool),
        due_at=now,
        slot=f"rev:{revision.number}",
        municipality=actor.municipality,
    )
    # The revision never changes: print its PDF once now, so downloads serve the stored file.
    transaction.on_commit(lambda: render_published_pdf.delay(revision.pk))
    return revision


@transaction.atomic
def tool_reopen(*, actor: Actor, tool: RolesTool) -> RolesTool:
    """Reopen a published tool as a new working revision; the published one stays readable."""
    tool = _lock_tool(actor, tool)
    policies.roles_tool.require(actor, "manage", tool)
    if not tool.is_published:
        raise ValidationError(_("Only a published roles tool can be reopened."))
    tool.state = ToolState.DRAFT
    tool.revision += 1
    tool.save(update_fields=["state", "revision", "updated_at"])
    _audit_tool(
        actor,
        tool,
        AuditAction.REOPENED,
        {"state": ToolState.PUBLISHED, "revision": tool.revision - 1},
        {"state": tool.state, "revision": tool.revision},
    )
    return tool


@transaction.atomic
def nonstaff_writer_grant(*, actor: Actor, tool: RolesTool, user: User) -> None:
    """Let a named person write the pupil and guardian roles' acts of this tool."""
    tool = _lock_tool(actor, tool)
    policies.roles_tool.require(actor, "manage", tool)
    if not Membership.objects.filter(user=user, municipality=actor.municipality, is_active=True).exists():
        raise ValidationError({"user": _("Choose an active person of your municipality.")})
    assign_perm(policies.NONSTAFF_PERMISSION, user, tool)


@transaction.atomic
def nonstaff_writer_revoke(*, actor: Actor, tool: RolesTool, user: User) -> None:
    tool = _lock_tool(actor, tool)
    policies.roles_tool.require(actor, "manage", tool)
    remove_perm(policies.NONSTAFF_PERMISSION, user, tool)


# --- Practical acts ---------------------------------------------------------------------------


class StaleEdit(ValidationError):
    """Someone saved the act after this editor loaded it; carries the act as it now is."""

    def __init__(self, current: PracticalAct) -> None:
        super().__init__(
            _(
                "Someone else saved this act while you were editing it. Your text is kept below: "
                "compare it with the saved version and save again."
            ),
            code="stale",
        )
        self.current = current


def _normalise_months(months: Iterable[object]) -> list[int]:
    try:
        chosen = {int(m) for m in months}
    except (TypeError, ValueError):
        raise ValidationError({"months": _("Choose months from the list.")}) from None
    if not chosen <= set(SCHOOL_YEAR_MONTHS):
        raise ValidationError({"months": _("Choose months from the list.")})
    return [m for m in SCHOOL_YEAR_MONTHS if m in chosen]


def _validate_act_fields(
    actor: Actor, tool: RolesTool, role: Role, section: ActSection, text: str, responsible: User | None
) -> str:
    text = text_rules.normalized(text)
    if not text:
        raise ValidationError({"text": _("Write what is done: the act cannot be empty.")})
    if len(text) > MAX_ACT_LENGTH:
        raise ValidationError({"text": _("Keep the act under %(max)s characters.") % {"max": MAX_ACT_LENGTH}})
    text_rules.check_act_text(text, text_rules.tool_context(tool))
    if not tool.roles.filter(pk=role.pk).exists():
        raise ValidationError({"role": _("The school does not use this role in its roles tool.")})
    if section.municipality_id != actor.municipality.pk or not section.is_active:
        raise ValidationError({"section": _("Choose a section of your municipality.")})
    if (
        responsible is not None
        and not Membership.objects.filter(
            user=responsible, municipality=actor.municipality, is_active=True
        ).exists()
    ):
        raise ValidationError({"responsible": _("Choose an active person of your municipality.")})
    return text


def act_as_text(act: PracticalAct) -> dict:
    """What the history shows of an act: its words, not its ids (names as they were at the time)."""
    return {
        "role": act.role.name_fi,
        "section": act.section.name_fi,
        "text": act.text,
        "months": list(act.months or []),
        "with_whom": act.with_whom,
        "responsible": act.responsible.get_full_name() if act.responsible_id else "",
    }


def _tool_context(tool: RolesTool) -> dict:
    """Where a tool's events are filed, for its history page (`history_with_context(..., "tool", id)`)."""
    return {"tool": tool.pk, "school": tool.school_id, "school_year": tool.school_year_id}


def _audit_act(actor: Actor, act: PracticalAct, action: str, before: dict | None, after: dict | None) -> None:
    context = {**_tool_context(act.tool), "role": act.role_id}
    # Every event keeps the role and the text, so it says which act it is about.
    _audit(actor, act, action, before, after, context=context, keep=("role", "text"))


def _audit_tool(actor: Actor, tool: RolesTool, action: str, before: dict | None, after: dict | None) -> None:
    _audit(actor, tool, action, before, after, context=_tool_context(tool))


def _require_edit(actor: Actor, tool: RolesTool, role: Role) -> None:
    if tool.is_published:
        raise ValidationError(_("A published roles tool cannot be edited. The principal can reopen it."))
    _require(policies.roles_tool.can_edit_acts(actor, tool, role))


@transaction.atomic
def act_create(
    *,
    actor: Actor,
    tool: RolesTool,
    role: Role,
    section: ActSection,
    text: str,
    months: Iterable[object] = (),
    with_whom: str = "",
    responsible: User | None = None,
) -> PracticalAct:
    tool = _lock_tool(actor, tool)
    _require_edit(actor, tool, role)
    text = _validate_act_fields(actor, tool, role, section, text, responsible)
    if PracticalAct.objects.filter(tool=tool, role=role).count() >= MAX_ACTS_PER_ROLE:
        message = _(
            "A role can have at most %(max)s practical acts in one roles tool. Combine or remove some."
        )
        raise ValidationError(message % {"max": MAX_ACTS_PER_ROLE})
    last = PracticalAct.objects.filter(tool=tool, role=role, section=section).aggregate(m=Max("order"))["m"]
    act = PracticalAct.objects.create(
        tool=tool,
        role=role,
        section=section,
        text=text,
        months=_normalise_months(months),
        with_whom=text_rules.clean_with_whom(with_whom, text_rules.tool_context(tool)),
        responsible=responsible,
        order=(last or 0) + 1,
        updated_by=actor.user,
    )
    _audit_act(actor, act, AuditAction.CREATED, None, act_as_text(act))
    return act


def _lock_act(actor: Actor, act: PracticalAct, version: int | None) -> PracticalAct:
    current = lock_in(
        PracticalAct.objects.filter(tool__school__municipality=actor.municipality).select_related(
            "tool__school", "tool__school_year", "role", "section"
        ),
        act.pk,
    )
    _require_edit(actor, current.tool, current.role)
    if version is not None and current.version != int(version):
        raise StaleEdit(current)
    return current


@transaction.atomic
def act_update(
    *,
    actor: Actor,
    act: PracticalAct,
    version: int,
    text: str,
    months: Iterable[object],
    with_whom: str,
    responsible: User | None,
    section: ActSection | None = None,
) -> PracticalAct:
    """Save an edit made on `version`; a stale version is refused (StaleEdit) and nothing is written."""
    act = _lock_act(actor, act, version)
    before = act_as_text(act)
    section = section or act.section
    act.text = _validate_act_fields(actor, act.tool, act.role, section, text, responsible)
    if section.pk != act.section_id:
        last = PracticalAct.objects.filter(tool=act.tool, role=act.role, section=section).aggregate(
            m=Max("order")
        )
        act.order = (last["m"] or 0) + 1
        act.section = section
    act.months = _normalise_months(months)
    act.with_whom = text_rules.clean_with_whom(with_whom, text_rules.tool_context(act.tool))
    act.responsible = responsible
    act.carried_over = False
    act.version += 1
    act.updated_by = actor.user
    act.save()
    _audit_act(actor, act, AuditAction.UPDATED, before, act_as_text(act))
    return act


@transaction.atomic
def act_confirm(*, actor: Actor, act: PracticalAct, version: int | None = None) -> PracticalAct:
    """Keep a carried-over act as it is for this year."""
    act = _lock_act(actor, act, version)
    if act.carried_over:
        act.carried_over = False
        act.version += 1
        act.updated_by = actor.user
        act.save(update_fields=["carried_over", "version", "updated_by", "updated_at"])
        text = act_as_text(act)
        _audit_act(
            actor, act, AuditAction.CONFIRMED, {**text, "carried_over": True}, {**text, "carried_over": False}
        )
    return act


@transaction.atomic
def act_delete(*, actor: Actor, act: PracticalAct, version: int | None = None) -> None:
    act = _lock_act(actor, act, version)
    _audit_act(actor, act, AuditAction.DELETED, act_as_text(act), None)
    act.delete()


@transaction.atomic
def act_move(*, actor: Actor, act: PracticalAct, direction: str) -> PracticalAct:
    """Move an act one place up or down within its role and section."""
    act = _lock_act(actor, act, None)
    siblings = list(
        PracticalAct.objects.select_for_update()
        .filter(tool=act.tool, role=act.role, section=act.section)
        .order_by("order", "id")
    )
    index = next(i for i, s in enumerate(siblings) if s.pk == act.pk)
    other = index - 1 if direction == "up" else index + 1 if direction == "down" else None
    if other is None:
        raise ValidationError(_("Move the act up or down."))
    if 0 <= other < len(siblings):
        before = {**act_as_text(act), "position": index + 1}
        siblings[index], siblings[other] = siblings[other], siblings[index]
        _renumber(siblings, actor.user)
        _audit_act(actor, act, AuditAction.MOVED, before, {**act_as_text(act), "position": other + 1})
    return act


def _renumber(acts: list[PracticalAct], user: User) -> None:
    changed = []
    for position, act in enumerate(acts, start=1):
        if act.order != position:
            act.order = position
            act.version += 1
            act.updated_by = user
            changed.append(act)
    PracticalAct.objects.bulk_update(changed, ["order", "version", "updated_by"])


@transaction.atomic
def acts_reorder(
    *, actor: Actor, tool: RolesTool, role: Role, section: ActSection, act_ids: Sequence[int]
) -> list[PracticalAct]:
    """Put the acts of one role and section in the given order; the ids must be exactly those acts."""
    tool = _lock_tool(actor, tool)
    _require_edit(actor, tool, role)
    acts = {
        a.pk: a
        for a in PracticalAct.objects.select_for_update().filter(tool=tool, role=role, section=section)
    }
    ids = [int(i) for i in act_ids]
    if len(ids) != len(set(ids)) or set(ids) != set(acts):
        raise ValidationError(_("The new order must list exactly the acts of this role and section."))
    ordered = [acts[i] for i in ids]
    _renumber(ordered, actor.user)
    return ordered


# --- Deadline reminders -----------------------------------------------------------------------

REMINDER_HOUR = 8  # local time: reminders go out in the morning
REMINDERS = (7, 1)  # days before the deadline


def _reminder_moment(deadline: datetime.date, days_before: int) -> datetime.datetime:
    day = deadline - datetime.timedelta(days=days_before)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(REMINDER_HOUR)))


def deadline_reminders_queue(*, now: datetime.datetime | None = None) -> int:
    """Queue a reminder for every staff member whose role still has no acts, 7 days and 1 day before
    the deadline. Each (tool, days before and deadline, person) gets one row ever (the notification's
    slot), so a reminder is never sent twice; a window that has passed (the deadline set late) is not
    sent at all. Returns the number of rows queued."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    queued = 0
    tools = (
        RolesTool.objects.exclude(state=ToolState.PUBLISHED)
        .filter(deadline__gte=today, deadline__lte=today + datetime.timedelta(days=7))
        .select_related("school")
    )
    for tool in tools:
        for days in REMINDERS:
            # Each reminder's window lasts a day from its moment: a run missed for a few hours still
            # sends it, but a deadline set 3 days ahead gets no late "7 days left" reminder.
            starts = _reminder_moment(tool.deadline, days)
            ends = _reminder_moment(tool.deadline, days - 1)
            if not (starts <= now < ends):
                continue
            user_ids = set(
                StaffAssignment.objects.filter(
                    school_id=tool.school_id,
                    school_year_id=tool.school_year_id,
                    role__in=tool.roles.filter(is_staff_role=True),
                    user__is_active=True,
                    user__memberships__municipality_id=tool.school.municipality_id,
                    user__memberships__is_active=True,
                ).values_list("user_id", flat=True)
            )
            slot = deadline_slot(days, tool.deadline)
            # Those queued by an earlier run need no second look at their acts.
            user_ids -= scheduled_user_ids(kind=DEADLINE_REMINDER, subject=tool, slot=slot)
            queued += notification_services.schedule(
                kind=DEADLINE_REMINDER,
                subject=tool,
                recipients=User.objects.filter(
                    pk__in=[user_id for user_id in sorted(user_ids) if roles_without_acts(tool, user_id)]
                ),
                due_at=now,
                slot=slot,
                municipality=tool.school.municipality_id,
            )
    return queued


class NothingToConfirm(ValidationError):
    """Confirm all, when every act is confirmed already (e.g. a second click): nothing is written."""


@transaction.atomic
def acts_confirm_all(*, actor: Actor, tool: RolesTool, role: Role | None = None) -> ConfirmAllBatch:
    """Keep every carried-over act as it is: of one role (its editors), or of the whole tool (the
    principal). Returns the batch, which says how many were confirmed and can be undone until the tool
    is published (`acts_confirm_all_undo`). Refused when there is nothing to confirm."""
    tool = _lock_tool(actor, tool)
    if role is not None:
        _require_edit(actor, tool, role)
    else:
        if tool.is_published:
            raise ValidationError(_("A published roles tool cannot be edited. The principal can reopen it."))
        policies.roles_tool.require(actor, "manage", tool)
    acts = PracticalAct.objects.select_for_update().filter(tool=tool, carried_over=True)
    if role is not None:
        acts = acts.filter(role=role)
    locked = list(acts.values_list("pk", flat=True))  # FOR UPDATE: no outer joins here
    if not locked:
        raise NothingToConfirm(_("There are no carried-over acts to confirm: they have all been confirmed."))
    for act in PracticalAct.objects.filter(pk__in=locked).select_related(
        "role", "section", "responsible", "tool"
    ):
        text = act_as_text(act)
        _audit_act(
            actor, act, AuditAction.CONFIRMED, {**text, "carried_over": True}, {**text, "carried_over": False}
        )
    now = timezone.now()
    acts.update(carried_over=False, version=F("version") + 1, updated_by=actor.user, updated_at=now)
    versions = PracticalAct.objects.filter(pk__in=locked).values_list("pk", "version")
    return ConfirmAllBatch.objects.create(
        tool=tool,
        role=role,
        revision=tool.revision,
        acts={str(pk): version for pk, version in versions},
        confirmed_by=actor.user,
        confirmed_at=now,
    )


@transaction.atomic
def acts_confirm_all_undo(*, actor: Actor, batch: ConfirmAllBatch) -> int:
    """Set the acts a "confirm all" confirmed back to carried over, until the tool is published.

    An act changed since (edited, moved, removed) stays as it is now: the change confirmed it anew.
    Returns how many were set back."""
    tool = _lock_tool(actor, batch.tool)
    batch = ConfirmAllBatch.objects.select_for_update().get(pk=batch.pk, tool=tool)
    batch.tool = tool
    if tool.is_published or batch.revision != tool.revision:
        raise ValidationError(
            _("The roles tool has been published since: the confirmation can no longer be undone.")
        )
    _require(policies.roles_tool.can_undo_confirm(actor, batch))
    if batch.undone_at is not None:
        raise ValidationError(_("This confirmation has already been undone."))
    recorded = {int(pk): version for pk, version in batch.acts.items()}
    unchanged = [
        act
        for act in PracticalAct.objects.select_for_update().filter(
            pk__in=recorded, tool=tool, carried_over=False
        )
        if act.version == recorded[act.pk]
    ]
    now = timezone.now()
    for act in PracticalAct.objects.filter(pk__in=[a.pk for a in unchanged]).select_related(
        "role", "section", "responsible", "tool"
    ):
        text = act_as_text(act)
        _audit_act(
            actor, act, AuditAction.UPDATED, {**text, "carried_over": False}, {**text, "carried_over": True}
        )
    count = PracticalAct.objects.filter(pk__in=[a.pk for a in unchanged]).update(
        carried_over=True, version=F("version") + 1, updated_by=actor.user, updated_at=now
    )
    batch.undone_at = now
    batch.save(update_fields=["undone_at"])
    return count


# --- Act sections -----------------------------------------------------------------------------


def _section_fields(section: ActSection, name_fi: str, name_sv: str, order: int) -> None:
    section.name_fi, section.name_sv, section.order = name_fi.strip(), name_sv.strip(), order
    if not section.name_fi:
        raise ValidationError({"name_fi": _("The section needs a Finnish name.")})
    # Compared in Python: SQLite folds the case of ASCII letters only (Ä, Ö, Å would slip through).
    others = ActSection.objects.filter(municipality_id=section.municipality_id).exclude(pk=section.pk)
    if section.name_fi.casefold() in {name.casefold() for name in others.values_list("name_fi", flat=True)}:
        raise ValidationError({"name_fi": _("The municipality already has a section of this name.")})
    section.full_clean()
    text_rules.check_section(section)
    section.save()


@transaction.atomic
def section_create(*, actor: Actor, name_fi: str, name_sv: str = "", order: int | None = None) -> ActSection:
    """A heading of the city's own under which schools write practical acts."""
    policies.catalog.require(actor, "edit")
    Municipality.objects.select_for_update().get(pk=actor.municipality.pk)
    if order is None:
        order = (
            ActSection.objects.filter(municipality=actor.municipality).aggregate(m=Max("order"))["m"] or 0
        ) + 10
    section = ActSection(municipality=actor.municipality)
    _section_fields(section, name_fi, name_sv, order)
    return section


@transaction.atomic
def section_update(
    *, actor: Actor, section: ActSection, name_fi: str, name_sv: str, order: int | None, is_active: bool
) -> ActSection:
    """Rename, reorder, retire or restore a section. A retired section keeps the acts written in it
    (they stay readable) but no new acts are written there; the last active one cannot be retired."""
    policies.catalog.require(actor, "edit")
    Municipality.objects.select_for_update().get(pk=actor.municipality.pk)
    section = lock_in(ActSection.objects.filter(municipality=actor.municipality), section.pk)
    if section.is_active and not is_active:
        others = ActSection.objects.filter(municipality=actor.municipality, is_active=True).exclude(
            pk=section.pk
        )
        if not others.exists():
            raise ValidationError({"is_active": _("Keep at least one active section.")})
    section.is_active = is_active
    _section_fields(section, name_fi, name_sv, section.order if order is None else order)
    return section
