"""Who may do what with the role catalog, staffing and the schools' roles tools.

One policy object per model (`catalog`, `staffing`, `roles_tool`); pages, API and templates ask them
and services `require` them before writing. All of them rest on one staffing fact — which roles a
person holds at which school in which school year (`selectors.held_assignments`) — and the principal
rule is written once, in `is_principal`. Objects reach these policies through the access helpers, so
every question is already inside the actor's municipality.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from guardian.shortcuts import get_user_perms

from core.policies import Policy
from schools.models import School, SchoolYear
from schools.selectors import current_school_year
from schools.tenancy import Actor

from .models import ConfirmAllBatch, Role, RoleKey, RolesTool, StaffAssignment, ToolState

NONSTAFF_PERMISSION = "write_nonstaff_acts"


# --- The staffing facts every rule rests on ---------------------------------------------------


def current_year_id(actor: Actor) -> int | None:
    if "current_year_id" not in actor.memo:
        current = current_school_year(actor.municipality.pk)
        actor.memo["current_year_id"] = current.pk if current else None
    return actor.memo["current_year_id"]


def years_with_current(actor: Actor, school_year_id: int) -> frozenset[int]:
    """A school year and the current one: a principal of the current year prepares the next one."""
    current = current_year_id(actor)
    return frozenset({school_year_id} | ({current} if current else set()))


def held_assignments(actor: Actor, year_ids: frozenset[int]) -> list[tuple[int, int, int, str]]:
    """(school, school year, role, role key) the actor holds in these years: one query per request."""
    key = ("held", year_ids)
    if key not in actor.memo:
        actor.memo[key] = list(
            StaffAssignment.objects.filter(
                user=actor.user, school__municipality=actor.municipality, school_year_id__in=year_ids
            ).values_list("school_id", "school_year_id", "role_id", "role__key")
        )
    return actor.memo[key]


def held_school_ids(actor: Actor, year_ids: frozenset[int]) -> set[int]:
    """Schools where the actor holds any role in one of these years."""
    return {school for school, _y, _r, _key in held_assignments(actor, year_ids)}


def principal_school_ids(actor: Actor, year_ids: frozenset[int]) -> set[int]:
    """The principal rule: schools where the actor holds the principal role in one of these years."""
    return {school for school, _y, _r, key in held_assignments(actor, year_ids) if key == RoleKey.PRINCIPAL}


def is_principal(actor: Actor, school_id: int, school_year_id: int) -> bool:
    """Principal of this school in this school year, or in the current one (preparing the next)."""
    return school_id in principal_school_ids(actor, years_with_current(actor, school_year_id))


# --- Role catalog (Role, Responsibility, ActSection) ------------------------------------------


class CatalogPolicy(Policy):
    """The city catalog is the coordinator's; every member of the municipality reads it."""

    def can_view(self, actor: Actor, obj: Any = None) -> bool:
        return True

    def can_edit(self, actor: Actor, obj: Any = None) -> bool:
        return actor.is_coordinator

    def can_see_retired(self, actor: Actor, obj: Any = None) -> bool:
        return self.can_edit(actor)

    def can_read_history(self, actor: Actor, obj: Any = None) -> bool:
        return self.can_edit(actor)


catalog = CatalogPolicy()


# --- Staffing (StaffAssignment) ---------------------------------------------------------------


class StaffingPolicy(Policy):
    """Who holds which role where. Every member reads a school's roster; the coordinator staffs any
    school (the first principal of a new school has to come from somewhere), the principal their own."""

    def can_view(self, actor: Actor, obj: Any = None) -> bool:
        return True

    def can_staff(self, actor: Actor, school: School, school_year: SchoolYear) -> bool:
        return actor.is_coordinator or is_principal(actor, school.pk, school_year.pk)

    def can_delete(self, actor: Actor, assignment: StaffAssignment | None = None) -> bool:
        # Without an object (a list route asking in general), anyone may try: the object decides.
        return assignment is None or self.can_staff(actor, assignment.school, assignment.school_year)

    def require_staff(self, actor: Actor, school: School, school_year: SchoolYear) -> None:
        if not self.can_staff(actor, school, school_year):
            raise PermissionDenied


staffing = StaffingPolicy()


# --- Roles tool (RolesTool, PracticalAct) -----------------------------------------------------


class RolesToolPolicy(Policy):
    """A school's roles tool: its principal manages it, its staff read it and write their own role's
    acts, the coordinator reads every school's."""

    #: The actions a tool page offers; the view hands `allowed_actions(actor, tool, ACTIONS)` to templates.
    ACTIONS = ("manage", "submit_review", "publish", "reopen", "set_deadline", "choose_roles", "confirm_all")

    def _held_at_school(self, actor: Actor, tool: RolesTool) -> list[tuple[int, int, str]]:
        years = years_with_current(actor, tool.school_year_id)
        return [(y, r, k) for s, y, r, k in held_assignments(actor, years) if s == tool.school_id]

    def can_view_every_school(self, actor: Actor, obj: Any = None) -> bool:
        """The coordinator follows every school's tool."""
        return actor.is_coordinator

    def visible(self, actor: Actor, queryset: QuerySet[RolesTool] | None = None) -> QuerySet[RolesTool]:
        """`can_view` as a queryset: every school's tool for the coordinator; for staff, the tools of
        the schools where they hold a role in the tool's year or the current one."""
        qs = (
            RolesTool.objects.filter(school__municipality=actor.municipality)
            if queryset is None
            else queryset
        )
        if self.can_view_every_school(actor):
            return qs
        in_year = Q(school_year_id=OuterRef("school_year_id"))
        current = current_year_id(actor)
        if current is not None:
            in_year |= Q(school_year_id=current)
        staff_here = StaffAssignment.objects.filter(in_year, user=actor.user, school_id=OuterRef("school_id"))
        return qs.filter(Exists(staff_here))

    def can_view(self, actor: Actor, tool: RolesTool) -> bool:
        return self.can_view_every_school(actor) or bool(self._held_at_school(actor, tool))

    def can_start(self, actor: Actor, school: School, school_year: SchoolYear) -> bool:
        return is_principal(actor, school.pk, school_year.pk)

    def startable_school_ids(self, actor: Actor, school_year: SchoolYear) -> set[int]:
        """`can_start` for every school at once (the list page)."""
        return principal_school_ids(actor, years_with_current(actor, school_year.pk))

    def can_manage(self, actor: Actor, tool: RolesTool) -> bool:
        """Deadline, roles used, review, publish, reopen, writers: the school's principal."""
        return is_principal(actor, tool.school_id, tool.school_year_id)

    def can_submit_review(self, actor: Actor, tool: RolesTool) -> bool:
        return self.can_manage(actor, tool) and tool.state == ToolState.DRAFT

    def can_publish(self, actor: Actor, tool: RolesTool) -> bool:
        return self.can_manage(actor, tool) and tool.state != ToolState.PUBLISHED

    def can_reopen(self, actor: Actor, tool: RolesTool) -> bool:
        return self.can_manage(actor, tool) and tool.state == ToolState.PUBLISHED

    def can_set_deadline(self, actor: Actor, tool: RolesTool) -> bool:
        return self.can_manage(actor, tool) and tool.state != ToolState.PUBLISHED

    def can_choose_roles(self, actor: Actor, tool: RolesTool) -> bool:
        return self.can_manage(actor, tool) and tool.state != ToolState.PUBLISHED

    def can_confirm_all(self, actor: Actor, tool: RolesTool) -> bool:
        return self.can_manage(actor, tool) and tool.state != ToolState.PUBLISHED

    def publish_refusals(
        self, tool: RolesTool, *, act_count: int, unconfirmed: int, today: datetime.date
    ) -> list[str]:
        """Why publishing this tool would fail now (empty: it would succeed). The service refuses with
        these reasons and the confirmation page shows them instead of the button."""
        if tool.is_published:
            return [_("The roles tool is already published.")]
        reasons = []
        if tool.school_year.ends_on < today:
            reasons.append(
                _("The school year %(year)s ended on %(date)s: its roles tool can no longer be published.")
                % {"year": tool.school_year.name, "date": tool.school_year.ends_on.strftime("%d.%m.%Y")}
            )
        if not act_count:
            reasons.append(_("No role has any acts yet. Write the acts before publishing."))
        if unconfirmed:
            reasons.append(
                ngettext(
                    "%(count)s act carried over from last year is not confirmed yet. "
                    "Confirm or edit it first.",
                    "%(count)s acts carried over from last year are not confirmed yet. "
                    "Confirm or edit them first.",
                    unconfirmed,
                )
                % {"count": unconfirmed}
            )
        return reasons

    def next_step(
        self, actor: Actor, tool: RolesTool, *, act_count: int, unconfirmed: int, today: datetime.date
    ) -> str | None:
        """The one step the tool page offers as its main button: the next that can succeed.
        "confirm_all" while carried-over acts wait, then "publish" once publishing would succeed."""
        if not self.can_manage(actor, tool) or tool.is_published:
            return None
        if tool.school_year.ends_on < today:
            return None
        if unconfirmed:
            return "confirm_all"
        if not self.publish_refusals(tool, act_count=act_count, unconfirmed=0, today=today):
            return "publish"
        return None

    def can_undo_confirm(self, actor: Actor, batch: ConfirmAllBatch) -> bool:
        """Undo a "confirm all" (the tool's or one role's): the principal, until publication."""
        return self.can_manage(actor, batch.tool) and not batch.tool.is_published

    def _has_nonstaff_grant(self, actor: Actor, tool: RolesTool) -> bool:
        # Grants go to people (services.nonstaff_writer_grant), never to groups: one query, not two.
        key = ("nonstaff", tool.pk)
        if key not in actor.memo:
            actor.memo[key] = NONSTAFF_PERMISSION in get_user_perms(actor.user, tool)
        return actor.memo[key]

    def can_write_nonstaff(self, actor: Actor, tool: RolesTool) -> bool:
        """Pupils and guardians hold no accounts: the principal writes their acts, or people the
        principal names."""
        return self.can_manage(actor, tool) or self._has_nonstaff_grant(actor, tool)

    def held_role_ids(self, actor: Actor, tool: RolesTool) -> set[int]:
        """Roles the actor holds at the tool's school in the tool's school year."""
        return {role for year, role, _key in self._held_at_school(actor, tool) if year == tool.school_year_id}

    def can_edit_acts(self, actor: Actor, tool: RolesTool, role: Role) -> bool:
        """Edit the acts of `role` in `tool`: never in a published tool (reopen it first)."""
        if tool.is_published or role.municipality_id != actor.municipality.pk:
            return False
        if self.can_manage(actor, tool):
            return True
        if not role.is_staff_role:
            return self._has_nonstaff_grant(actor, tool)
        return role.pk in self.held_role_ids(actor, tool)

    def editable_role_ids(
        self, actor: Actor, tool: RolesTool, roles: Iterable[Role] | None = None
    ) -> set[int]:
        """`can_edit_acts` for all the tool's roles at once, in a constant number of queries."""
        if tool.is_published:
            return set()
        roles = list(tool.roles.all() if roles is None else roles)
        return {role.pk for role in roles if self.can_edit_acts(actor, tool, role)}


roles_tool = RolesToolPolicy()
