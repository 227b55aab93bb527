"""Reads of the role catalog, scoped to the actor's municipality."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from schools.models import StaffAssignment
from schools.tenancy import Actor

from . import policies
from .models import ActSection, PracticalAct, Role, RolesTool


def roles_for(actor: Actor, *, include_inactive: bool = False) -> QuerySet[Role]:
    qs = Role.objects.filter(municipality=actor.municipality)
    return qs if include_inactive else qs.filter(is_active=True)


def staff_roles_for(actor: Actor) -> QuerySet[Role]:
    return roles_for(actor).filter(is_staff_role=True)


def get_role(actor: Actor, pk: object) -> Role:
    return get_object_or_404(
        roles_for(actor, include_inactive=True).prefetch_related("responsibilities"), pk=pk
    )


# --- Roles tools ------------------------------------------------------------------------------


def tools_for(actor: Actor) -> QuerySet[RolesTool]:
    return RolesTool.objects.filter(school__municipality=actor.municipality).select_related(
        "school", "school_year"
    )


def visible_tools_for(actor: Actor) -> QuerySet[RolesTool]:
    """What the actor may read: every school's for the coordinator, their own schools' for staff."""
    qs = tools_for(actor)
    if actor.is_coordinator:
        return qs
    # The same rule as policies.can_view_tool: staff of the school in the tool's year or the current one.
    from django.db.models import Exists, OuterRef, Q

    from schools.selectors import current_school_year

    current = current_school_year(actor.municipality.pk)
    in_year = Q(school_year_id=OuterRef("school_year_id"))
    if current is not None:
        in_year |= Q(school_year_id=current.pk)
    return qs.filter(
        Exists(StaffAssignment.objects.filter(in_year, user=actor.user, school_id=OuterRef("school_id")))
    )


def get_tool(actor: Actor, pk: object) -> RolesTool:
    """Another municipality's tool is a 404; one of this municipality the actor may not read, a 403."""
    tool = get_object_or_404(tools_for(actor), pk=pk)
    if not policies.can_view_tool(actor, tool):
        raise PermissionDenied
    return tool


def get_act(actor: Actor, pk: object) -> PracticalAct:
    act = get_object_or_404(
        PracticalAct.objects.filter(tool__school__municipality=actor.municipality).select_related(
            "tool__school", "tool__school_year", "role", "section", "responsible"
        ),
        pk=pk,
    )
    if not policies.can_view_tool(actor, act.tool):
        raise PermissionDenied
    return act


def sections_for(actor: Actor) -> QuerySet[ActSection]:
    return ActSection.objects.filter(municipality=actor.municipality, is_active=True)


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
                "responsibilities": [r.text for r in role.responsibilities.all()],
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


def get_section(actor: Actor, pk: object) -> ActSection:
    """Any section of the actor's municipality, retired ones included (for the coordinator's editing)."""
    return get_object_or_404(ActSection.objects.filter(municipality=actor.municipality), pk=pk)
