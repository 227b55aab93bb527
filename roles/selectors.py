"""Reads of the role catalog, scoped to the actor's municipality."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from guardian.shortcuts import get_users_with_perms

from core.access import access_in
from schools import selectors as school_selectors
from schools.models import School, SchoolYear, User
from schools.tenancy import Actor

from . import policies
from .models import (
    ActSection,
    ConfirmAllBatch,
    PdfKind,
    PracticalAct,
    PublishedPdf,
    Role,
    RoleKey,
    RolesTool,
    RolesToolRevision,
    StaffAssignment,
    WorkingCopyPdf,
)


def roles_for(actor: Actor, *, include_inactive: bool = False) -> QuerySet[Role]:
    qs = Role.objects.filter(municipality=actor.municipality)
    return qs if include_inactive else qs.filter(is_active=True)


def staff_roles_for(actor: Actor) -> QuerySet[Role]:
    return roles_for(actor).filter(is_staff_role=True)


def access_role(actor: Actor, pk: object) -> Role:
    return access_in(roles_for(actor, include_inactive=True).prefetch_related("responsibilities"), pk=pk)


# --- Roles tools ------------------------------------------------------------------------------


def tools_for(actor: Actor) -> QuerySet[RolesTool]:
    return RolesTool.objects.filter(school__municipality=actor.municipality).select_related(
        "school", "school_year"
    )


def visible_tools_for(actor: Actor) -> QuerySet[RolesTool]:
    """What the actor may read (the roles-tool policy's `visible` scope)."""
    return policies.roles_tool.visible(actor, tools_for(actor))


def tools_with_progress(actor: Actor) -> QuerySet[RolesTool]:
    """The municipality's tools with their progress counted in the database (for the list page):
    `roles_used`, `roles_with_acts`, `unconfirmed` and `latest_published` (a revision number)."""
    latest = RolesToolRevision.objects.filter(tool=OuterRef("pk")).order_by("-number").values("number")
    return tools_for(actor).annotate(
        roles_used=Count("roles", distinct=True),
        roles_with_acts=Count("acts__role", distinct=True),
        unconfirmed=Count("acts", filter=Q(acts__carried_over=True), distinct=True),
        latest_published=Subquery(latest[:1]),
    )


def visible_tools_with_revisions(actor: Actor) -> QuerySet[RolesTool]:
    """`visible_tools_for` with the roles used and the published revisions in order (for the API)."""
    return visible_tools_for(actor).prefetch_related(
        "roles", Prefetch("revisions", queryset=RolesToolRevision.objects.order_by("number"))
    )


def latest_revisions(tools: Iterable[RolesTool]) -> dict[int, RolesToolRevision]:
    """Each tool's latest published revision, by tool id (tools the caller loaded through a selector)."""
    latest: dict[int, RolesToolRevision] = {}
    for revision in RolesToolRevision.objects.filter(tool__in=list(tools)).order_by("number"):
        latest[revision.tool_id] = revision
    return latest


def tool_writers(tool: RolesTool) -> QuerySet[User]:
    """The people the principal let write the pupil and guardian roles' acts of this tool."""
    return get_users_with_perms(
        tool, only_with_perms_in=[policies.NONSTAFF_PERMISSION], with_group_users=False
    ).order_by("last_name", "first_name", "email")


def access_tool(actor: Actor, pk: object) -> RolesTool:
    """Another municipality's tool is a 404; one of this municipality the actor may not read, a 403."""
    tool = access_in(tools_for(actor), pk=pk)
    if not policies.roles_tool.can_view(actor, tool):
        raise PermissionDenied
    return tool


def acts_for(actor: Actor) -> QuerySet[PracticalAct]:
    """The practical acts of every tool the actor may read."""
    return PracticalAct.objects.filter(tool__in=visible_tools_for(actor)).select_related("responsible")


def access_act(actor: Actor, pk: object) -> PracticalAct:
    act = access_in(
        PracticalAct.objects.filter(tool__school__municipality=actor.municipality).select_related(
            "tool__school", "tool__school_year", "role", "section", "responsible"
        ),
        pk=pk,
    )
    if not policies.roles_tool.can_view(actor, act.tool):
        raise PermissionDenied
    return act


def sections_for(actor: Actor, *, include_inactive: bool = False) -> QuerySet[ActSection]:
    qs = ActSection.objects.filter(municipality=actor.municipality)
    return qs if include_inactive else qs.filter(is_active=True)


def tool_roles(tool: RolesTool) -> list[Role]:
    """The tool's roles with their responsibilities, acts (with sections and responsible people) and
    this year's holders at the school: five queries, whatever the number of roles and acts."""
    holders = Prefetch(
        "assignments",
        queryset=StaffAssignment.objects.filter(school_id=tool.school_id, school_year_id=tool.school_year_id)
        .select_related("user")
        .order_by("user__last_name", "user__first_name"),
        to_attr="holders",
    )
    acts = Prefetch(
        "acts",
        queryset=PracticalAct.objects.filter(tool=tool)
        .select_related("section", "responsible")
        .order_by("section__order", "section_id", "order", "id"),
        to_attr="tool_acts",
    )
    return list(tool.roles.order_by("order", "name_fi").prefetch_related("responsibilities", holders, acts))


def group_by_section(acts: list[PracticalAct]) -> list[tuple[ActSection, list[PracticalAct]]]:
    groups: dict[int, tuple[ActSection, list[PracticalAct]]] = {}
    for act in acts:
        groups.setdefault(act.section_id, (act.section, []))[1].append(act)
    return list(groups.values())


def month_names(months: list[int]) -> list[str]:
    from django.utils.dates import MONTHS

    return [str(MONTHS[m]) for m in months]


def tool_document(tool: RolesTool) -> dict:
    """The tool as a self-contained document (what a published revision freezes and the PDF prints).

    Texts are kept in both Finnish and Swedish where the catalog has them, so a frozen document reads
    the same later whatever the catalog becomes.
    """
    roles = []
    for role in tool_roles(tool):
        roles.append(
            {
                "id": role.pk,
                "key": role.key,
                "name_fi": role.name_fi,
                "name_sv": role.name_sv,
                "is_staff_role": role.is_staff_role,
                "description": role.description,
                "description_sv": role.description_sv,
                "responsibilities": [r.text for r in role.responsibilities.all()],
                "responsibilities_sv": [r.text_sv for r in role.responsibilities.all()],
                "holders": [a.user.get_full_name() for a in role.holders],
                "sections": [
                    {
                        "name_fi": section.name_fi,
                        "name_sv": section.name_sv,
                        "acts": [
                            {
                                "text": act.text,
                                "months": act.months,
                                "with_whom": act.with_whom,
                                "responsible": act.responsible.get_full_name() if act.responsible else "",
                            }
                            for act in acts
                        ],
                    }
                    for section, acts in group_by_section(role.tool_acts)
                ],
            }
        )
    return {
        "school": tool.school.name,
        "school_language": tool.school.language,
        "school_year": tool.school_year.name,
        "revision": tool.revision,
        "roles": roles,
    }


def access_section(actor: Actor, pk: object) -> ActSection:
    """Any section of the actor's municipality, retired ones included (for the coordinator's editing)."""
    return access_in(ActSection.objects.filter(municipality=actor.municipality), pk=pk)


# --- Staffing ---------------------------------------------------------------------------------


def assignments_for(
    actor: Actor, *, school: School | None = None, school_year: SchoolYear | None = None
) -> QuerySet[StaffAssignment]:
    qs = StaffAssignment.objects.filter(school__municipality=actor.municipality).select_related(
        "user", "school", "role", "school_year"
    )
    if school is not None:
        qs = qs.filter(school=school)
    if school_year is not None:
        qs = qs.filter(school_year=school_year)
    return qs


def assignments_in_year(actor: Actor, school_year: SchoolYear | None) -> QuerySet[StaffAssignment]:
    """The municipality's assignments of one school year (none without a year)."""
    if school_year is None:
        return StaffAssignment.objects.none()
    return assignments_for(actor, school_year=school_year)


def access_assignment(actor: Actor, pk: object) -> StaffAssignment:
    return access_in(assignments_for(actor), pk=pk)


def schools_with_year_assignments(actor: Actor, school_year: SchoolYear | None) -> QuerySet[School]:
    """Schools with that year's assignments prefetched: one query for the schools, one for the staff."""
    return school_selectors.schools_for(actor).prefetch_related(
        Prefetch(
            "assignments",
            queryset=StaffAssignment.objects.filter(school_year=school_year).select_related("user", "role"),
            to_attr="year_assignments",
        )
    )


def schools_overview(actor: Actor, school_year: SchoolYear | None) -> QuerySet[School]:
    """Schools with the year's staff count (`staff_count`) and principals (`principal_assignments`).

    Counts in the database and fetches only the principals' rows: two queries, and the work does
    not grow with the size of each school's staff.
    """
    return (
        school_selectors.schools_for(actor)
        .annotate(
            staff_count=Count(
                "assignments__user", filter=Q(assignments__school_year=school_year), distinct=True
            )
        )
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=StaffAssignment.objects.filter(school_year=school_year, role__key=RoleKey.PRINCIPAL)
                .select_related("user")
                .order_by("user__last_name"),
                to_attr="principal_assignments",
            )
        )
    )


def roster_for(actor: Actor, school: School, school_year: SchoolYear | None) -> QuerySet[StaffAssignment]:
    """The year's assignments at the school, ordered for grouping by role."""
    if school_year is None:
        return StaffAssignment.objects.none()
    return assignments_for(actor, school=school, school_year=school_year).order_by(
        "role__order", "role__name_fi", "user__last_name", "user__first_name", "user__email"
    )


def published_pdf(revision: RolesToolRevision, kind: str = PdfKind.HANDBOOK) -> PublishedPdf | None:
    """The stored PDF (`kind`: handbook or slide deck) of a revision the caller reached through
    `access_tool`, or None if not printed yet."""
    return PublishedPdf.objects.filter(revision=revision, kind=kind).first()


def working_copy_pdf(
    tool: RolesTool, fingerprint: str, kind: str = PdfKind.HANDBOOK
) -> WorkingCopyPdf | None:
    """The kept print (`kind`) of the tool's working copy if it printed exactly what `fingerprint` names."""
    return WorkingCopyPdf.objects.filter(tool=tool, kind=kind, fingerprint=fingerprint).first()


# --- Publishing ------------------------------------------------------------------------------------


def publication_recipients(tool: RolesTool) -> QuerySet[User]:
    """Who is e-mailed when the tool is published: the school's active staff of the tool's year, not
    people deactivated in this municipality (they may still be active in another one)."""
    staff_ids = StaffAssignment.objects.filter(
        school_id=tool.school_id,
        school_year_id=tool.school_year_id,
        user__is_active=True,
        user__memberships__municipality_id=tool.school.municipality_id,
        user__memberships__is_active=True,
    ).values("user_id")
    return User.objects.filter(pk__in=staff_ids)


def act_counts(tool: RolesTool) -> tuple[int, int]:
    """(acts, carried-over acts not yet confirmed) of the tool: one query."""
    counts = PracticalAct.objects.filter(tool=tool).aggregate(
        total=Count("pk"), unconfirmed=Count("pk", filter=Q(carried_over=True))
    )
    return counts["total"], counts["unconfirmed"]


@dataclass
class PublishPreview:
    """What the publish confirmation shows: what is missing, the school year, who is told."""

    tool: RolesTool
    roles_without_acts: list[Role] = field(default_factory=list)
    unconfirmed_acts: list[PracticalAct] = field(default_factory=list)
    act_count: int = 0
    recipient_count: int = 0
    refusals: list[str] = field(default_factory=list)


def publish_preview(tool: RolesTool, *, today: datetime.date) -> PublishPreview:
    """The publish confirmation of a tool the caller reached through `access_tool`: four queries."""
    roles = list(tool.roles.order_by("order", "name_fi").annotate(n=Count("acts", filter=Q(acts__tool=tool))))
    unconfirmed = list(
        PracticalAct.objects.filter(tool=tool, carried_over=True)
        .select_related("role", "section")
        .order_by("role__order", "role__name_fi", "section__order", "section_id", "order", "id")
    )
    act_count = sum(role.n for role in roles)
    return PublishPreview(
        tool=tool,
        roles_without_acts=[role for role in roles if not role.n],
        unconfirmed_acts=unconfirmed,
        act_count=act_count,
        recipient_count=publication_recipients(tool).count(),
        refusals=policies.roles_tool.publish_refusals(
            tool, act_count=act_count, unconfirmed=len(unconfirmed), today=today
        ),
    )


def undoable_confirm_batch(tool: RolesTool, batch_id: int | None = None) -> ConfirmAllBatch | None:
    """The latest "confirm all" of the tool's working revision that can still be undone (or the one
    named, if it still can): None once the tool is published or the batch undone."""
    if tool.is_published:
        return None
    batches = ConfirmAllBatch.objects.filter(tool=tool, revision=tool.revision, undone_at__isnull=True)
    if batch_id is not None:
        batches = batches.filter(pk=batch_id)
    return batches.first()
