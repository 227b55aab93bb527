"""Who may do what with the role catalog and the schools' roles tools. Pages and API call these.

Objects reach these functions through the actor's scoped selectors, so every check here is already
inside the actor's municipality.
"""

from __future__ import annotations

from guardian.shortcuts import get_perms

from schools.models import SchoolYear, StaffAssignment
from schools.selectors import current_school_year
from schools.tenancy import Actor

from .models import Role, RoleKey, RolesTool

NONSTAFF_PERMISSION = "write_nonstaff_acts"


def can_edit_catalog(actor: Actor) -> bool:
    """The city catalog is the coordinator's; every member of the municipality reads it."""
    return actor.is_coordinator


def _years_for(tool: RolesTool) -> set[int]:
    current = current_school_year(tool.school.municipality_id)
    return {tool.school_year_id} | ({current.pk} if current else set())


def held_role_ids(actor: Actor, tool: RolesTool) -> set[int]:
    """Roles the actor holds at the tool's school in the tool's school year."""
    cache = getattr(tool, "_held_role_ids", None)
    if cache is None:
        cache = tool._held_role_ids = {}
    if actor.user.pk not in cache:
        cache[actor.user.pk] = set(
            StaffAssignment.objects.filter(
                user=actor.user, school_id=tool.school_id, school_year_id=tool.school_year_id
            ).values_list("role_id", flat=True)
        )
    return cache[actor.user.pk]


def can_manage_tool(actor: Actor, tool: RolesTool) -> bool:
    """Create, carry over, set the deadline, review, publish, reopen, grant: the school's principal
    (of the tool's year, or of the current year preparing the next)."""
    return StaffAssignment.objects.filter(
        user=actor.user,
        school_id=tool.school_id,
        school_year_id__in=_years_for(tool),
        role__key=RoleKey.PRINCIPAL,
    ).exists()


def startable_school_ids(actor: Actor, school_year: SchoolYear) -> set[int]:
    """Schools whose roles tool for `school_year` the actor may start (the rule services.tool_create
    applies: principal in that year or the current one), in one query, for the list page."""
    current = current_school_year(actor.municipality.pk)
    years = {school_year.pk} | ({current.pk} if current else set())
    return set(
        StaffAssignment.objects.filter(
            user=actor.user,
            school__municipality=actor.municipality,
            school_year_id__in=years,
            role__key=RoleKey.PRINCIPAL,
        ).values_list("school_id", flat=True)
    )


def can_view_tool(actor: Actor, tool: RolesTool) -> bool:
    """The coordinator reads every school's tool; the school's own staff read theirs."""
    if actor.is_coordinator:
        return True
    return StaffAssignment.objects.filter(
        user=actor.user, school_id=tool.school_id, school_year_id__in=_years_for(tool)
    ).exists()


def can_write_nonstaff_acts(actor: Actor, tool: RolesTool) -> bool:
    """Pupils and guardians hold no accounts: the principal writes theirs, or people the principal names."""
    return can_manage_tool(actor, tool) or NONSTAFF_PERMISSION in get_perms(actor.user, tool)


def can_edit_role_acts(actor: Actor, tool: RolesTool, role: Role) -> bool:
    """Edit the acts of `role` in `tool`: never in a published tool (reopen it first)."""
    if tool.is_published or role.municipality_id != actor.municipality.pk:
        return False
    if can_manage_tool(actor, tool):
        return True
    if not role.is_staff_role:
        return NONSTAFF_PERMISSION in get_perms(actor.user, tool)
    return role.pk in held_role_ids(actor, tool)


def editable_role_ids(actor: Actor, tool: RolesTool) -> set[int]:
    """All roles of the tool the actor may edit, in a constant number of queries (for the tool page)."""
    if tool.is_published:
        return set()
    role_ids = {r.pk for r in tool.roles.all()}
    if can_manage_tool(actor, tool):
        return role_ids
    editable = held_role_ids(actor, tool) & role_ids
    if NONSTAFF_PERMISSION in get_perms(actor.user, tool):
        editable |= {r.pk for r in tool.roles.all() if not r.is_staff_role}
    return editable
