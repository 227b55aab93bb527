"""Who may do what with the role catalog and the schools' roles tools. Pages and API call these.

Objects reach these functions through the actor's scoped selectors, so every check here is already
inside the actor's municipality.
"""

from __future__ import annotations

from collections.abc import Iterable

from guardian.shortcuts import get_user_perms

from schools.models import School, SchoolYear
from schools.selectors import current_school_year
from schools.tenancy import Actor

from .models import Role, RoleKey, RolesTool, StaffAssignment

NONSTAFF_PERMISSION = "write_nonstaff_acts"


def can_edit_catalog(actor: Actor) -> bool:
    """The city catalog is the coordinator's; every member of the municipality reads it."""
    return actor.is_coordinator


def _years_for(tool: RolesTool) -> set[int]:
    # Cached on the instance: a tool page asks several policies about the same tool.
    years = tool.__dict__.get("_policy_years")
    if years is None:
        current = current_school_year(tool.school.municipality_id)
        years = tool.__dict__["_policy_years"] = {tool.school_year_id} | ({current.pk} if current else set())
    return years


def _assignments_at_school(actor: Actor, tool: RolesTool) -> list[tuple[int, int, str]]:
    """(school year, role, role key) of the actor's assignments at the tool's school in the tool's year
    and the current one: one query per actor and tool instance, shared by the policies below."""
    cache = tool.__dict__.setdefault("_policy_assignments", {})
    if actor.user.pk not in cache:
        cache[actor.user.pk] = list(
            StaffAssignment.objects.filter(
                user=actor.user, school_id=tool.school_id, school_year_id__in=_years_for(tool)
            ).values_list("school_year_id", "role_id", "role__key")
        )
    return cache[actor.user.pk]


def _has_nonstaff_grant(actor: Actor, tool: RolesTool) -> bool:
    # Grants go to people (services.nonstaff_writer_grant), never to groups: one query, not two.
    return NONSTAFF_PERMISSION in get_user_perms(actor.user, tool)


def held_role_ids(actor: Actor, tool: RolesTool) -> set[int]:
    """Roles the actor holds at the tool's school in the tool's school year."""
    return {role for year, role, _key in _assignments_at_school(actor, tool) if year == tool.school_year_id}


def can_manage_tool(actor: Actor, tool: RolesTool) -> bool:
    """Create, carry over, set the deadline, review, publish, reopen, grant: the school's principal
    (of the tool's year, or of the current year preparing the next)."""
    return any(key == RoleKey.PRINCIPAL for _year, _role, key in _assignments_at_school(actor, tool))


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
    return actor.is_coordinator or bool(_assignments_at_school(actor, tool))


def can_write_nonstaff_acts(actor: Actor, tool: RolesTool) -> bool:
    """Pupils and guardians hold no accounts: the principal writes theirs, or people the principal names."""
    return can_manage_tool(actor, tool) or _has_nonstaff_grant(actor, tool)


def can_edit_role_acts(actor: Actor, tool: RolesTool, role: Role) -> bool:
    """Edit the acts of `role` in `tool`: never in a published tool (reopen it first)."""
    if tool.is_published or role.municipality_id != actor.municipality.pk:
        return False
    if can_manage_tool(actor, tool):
        return True
    if not role.is_staff_role:
        return _has_nonstaff_grant(actor, tool)
    return role.pk in held_role_ids(actor, tool)


def editable_role_ids(actor: Actor, tool: RolesTool, roles: Iterable[Role] | None = None) -> set[int]:
    """All roles of the tool the actor may edit, in a constant number of queries (for the tool page).

    `roles` are the tool's roles when the caller has loaded them already (saves a query)."""
    if tool.is_published:
        return set()
    roles = list(tool.roles.all() if roles is None else roles)
    role_ids = {r.pk for r in roles}
    if can_manage_tool(actor, tool):
        return role_ids
    editable = held_role_ids(actor, tool) & role_ids
    if _has_nonstaff_grant(actor, tool):
        editable |= {r.pk for r in roles if not r.is_staff_role}
    return editable


# --- Staffing ---------------------------------------------------------------------------------


def principal_school_ids(actor: Actor, school_year: SchoolYear | None) -> set[int]:
    """Schools where the actor holds the principal role in `school_year`."""
    if school_year is None:
        return set()
    return set(
        StaffAssignment.objects.filter(
            user=actor.user,
            school_year=school_year,
            role__key=RoleKey.PRINCIPAL,
            school__municipality=actor.municipality,
        ).values_list("school_id", flat=True)
    )


def is_principal(actor: Actor, school: School, school_year: SchoolYear | None) -> bool:
    return school.pk in principal_school_ids(actor, school_year)


def can_manage_staff(
    actor: Actor, school: School, school_year: SchoolYear, current_year: SchoolYear | None
) -> bool:
    """Assign roles at `school` for `school_year`.

    The coordinator may (the first principal of a new school has to come from somewhere); so may the
    school's principal of that year, or of the current year, who prepares next year's staff.
    """
    if actor.is_coordinator:
        return True
    years = {school_year.pk} | ({current_year.pk} if current_year else set())
    return StaffAssignment.objects.filter(
        user=actor.user, school=school, school_year_id__in=years, role__key=RoleKey.PRINCIPAL
    ).exists()
