"""What the home page's roles cards show: each person's roles-tool to-do, read in a constant number of
queries however many schools, roles and acts there are.

- `staff_todo`: a staff member's roles at their schools this year, with their acts to write or confirm;
- `school_progress`: per school, the year's tool, its roles with and without acts, the acts still to
  confirm and the last change (the principal's card for their schools, the coordinator's for all);
- `sort_progress`: the coordinator's table sorted by one column (`?sort=`), server-side.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.utils import timezone

from schools import selectors as school_selectors
from schools.models import School, SchoolYear
from schools.tenancy import Actor

from .models import PracticalAct, Role, RolesTool, ToolState
from .selectors import visible_tools_for


@dataclass
class RoleActs:
    """One role's acts in one tool: how many, how many carried over still to confirm, the last edit."""

    count: int = 0
    to_confirm: int = 0
    last_change: datetime.datetime | None = None


def _days_left(deadline: datetime.date | None, today: datetime.date) -> int | None:
    return None if deadline is None else (deadline - today).days


def _tools_by_school(
    actor: Actor, school_year: SchoolYear, school_ids: Iterable[int]
) -> dict[int, RolesTool]:
    """The year's tools of these schools that the actor may read: one query."""
    tools = visible_tools_for(actor).filter(school_year=school_year, school_id__in=list(school_ids))
    return {tool.school_id: tool for tool in tools}


def _acts_by_tool_and_role(tool_ids: list[int]) -> dict[tuple[int, int], RoleActs]:
    """Counted in the database, grouped by (tool, role): one query."""
    if not tool_ids:
        return {}
    rows = (
        PracticalAct.objects.filter(tool_id__in=tool_ids)
        .order_by()
        .values("tool_id", "role_id")
        .annotate(n=Count("id"), unconfirmed=Count("id", filter=Q(carried_over=True)), last=Max("updated_at"))
    )
    return {(r["tool_id"], r["role_id"]): RoleActs(r["n"], r["unconfirmed"], r["last"]) for r in rows}


def _roles_by_tool(tool_ids: list[int]) -> dict[int, list[Role]]:
    """Each tool's roles in the catalog's order: one query."""
    if not tool_ids:
        return {}
    through = RolesTool.roles.through
    rows = (
        through.objects.filter(rolestool_id__in=tool_ids)
        .select_related("role")
        .order_by("role__order", "role__name_fi", "role_id")
    )
    roles: dict[int, list[Role]] = {}
    for row in rows:
        roles.setdefault(row.rolestool_id, []).append(row.role)
    return roles


# --- A staff member's own roles ----------------------------------------------------------------


@dataclass
class MyRole:
    role: Role
    acts: RoleActs
    in_tool: bool  # the school's tool uses this role (otherwise there is nothing to open)


@dataclass
class MySchool:
    school: School
    tool: RolesTool | None
    roles: list[MyRole]
    days_left: int | None = None

    @property
    def days_late(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0


def staff_todo(
    actor: Actor, school_year: SchoolYear | None, held: dict[School, list[Role]], *, today=None
) -> list[MySchool]:
    """For each school where the actor holds roles this year (`held`, from `assignments_for`): the
    year's tool, and per role held, its acts to write or confirm. Three queries, however many."""
    if school_year is None or not held:
        return []
    today = today or timezone.localdate()
    tools = _tools_by_school(actor, school_year, (s.pk for s in held))
    tool_ids = [t.pk for t in tools.values()]
    acts = _acts_by_tool_and_role(tool_ids)
    used = {tool_id: {r.pk for r in roles} for tool_id, roles in _roles_by_tool(tool_ids).items()}
    result = []
    for school, roles in sorted(held.items(), key=lambda item: item[0].name):
        tool = tools.get(school.pk)
        mine = [
            MyRole(
                role=role,
                acts=acts.get((tool.pk, role.pk), RoleActs()) if tool else RoleActs(),
                in_tool=tool is not None and role.pk in used.get(tool.pk, set()),
            )
            for role in sorted(roles, key=lambda r: (r.order, r.name_fi))
        ]
        days = _days_left(tool.deadline, today) if tool and not tool.is_published else None
        result.append(MySchool(school=school, tool=tool, roles=mine, days_left=days))
    return result


# --- A school's progress (principal and coordinator) --------------------------------------------

STATE_RANK = {None: 0, ToolState.DRAFT: 1, ToolState.IN_REVIEW: 2, ToolState.PUBLISHED: 3}


@dataclass
class SchoolProgress:
    school: School
    tool: RolesTool | None
    roles: list[Role] = field(default_factory=list)
    roles_without_acts: list[Role] = field(default_factory=list)
    acts: int = 0
    to_confirm: int = 0
    last_change: datetime.datetime | None = None
    days_left: int | None = None

    @property
    def days_late(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0

    @property
    def roles_with_acts(self) -> int:
        return len(self.roles) - len(self.roles_without_acts)

    @property
    def share(self) -> int | None:
        """The share of the tool's roles that have acts, in whole per cent (None without a tool)."""
        if self.tool is None or not self.roles:
            return None
        return round(100 * self.roles_with_acts / len(self.roles))


def school_progress(
    actor: Actor, school_year: SchoolYear | None, schools: Iterable[School], *, today=None
) -> list[SchoolProgress]:
    """Each school's roles tool of the year and how far it has got. Three queries besides the schools
    (already loaded by the caller), however many schools, roles and acts."""
    schools = list(schools)
    if school_year is None:
        return [SchoolProgress(school=s, tool=None) for s in schools]
    today = today or timezone.localdate()
    tools = _tools_by_school(actor, school_year, (s.pk for s in schools))
    tool_ids = [t.pk for t in tools.values()]
    acts = _acts_by_tool_and_role(tool_ids)
    roles_by_tool = _roles_by_tool(tool_ids)
    result = []
    for school in schools:
        tool = tools.get(school.pk)
        if tool is None:
            result.append(SchoolProgress(school=school, tool=None))
            continue
        roles = roles_by_tool.get(tool.pk, [])
        counted = [acts.get((tool.pk, role.pk), RoleActs()) for role in roles]
        changes = [c.last_change for c in counted if c.last_change] + [tool.updated_at]
        result.append(
            SchoolProgress(
                school=school,
                tool=tool,
                roles=roles,
                roles_without_acts=[role for role, c in zip(roles, counted, strict=True) if not c.count],
                acts=sum(c.count for c in counted),
                to_confirm=sum(c.to_confirm for c in counted),
                last_change=max(changes),
                days_left=None if tool.is_published else _days_left(tool.deadline, today),
            )
        )
    return result


def city_progress(actor: Actor, school_year: SchoolYear | None) -> list[SchoolProgress]:
    """Every active school of the actor's municipality (the coordinator's card): four queries."""
    return school_progress(actor, school_year, school_selectors.schools_for(actor).filter(is_active=True))


#: The coordinator's table columns that sort, and what each sorts by (None sorts last either way).
SORT_KEYS = {
    "school": lambda p: p.school.name.casefold(),
    "state": lambda p: STATE_RANK.get(p.tool.state if p.tool else None, 0),
    "share": lambda p: p.share,
    "deadline": lambda p: p.tool.deadline if p.tool else None,
    "changed": lambda p: p.last_change,
}


def parse_sort(value: str | None) -> tuple[str, bool]:
    """`?sort=share` or `?sort=-share` as (column, descending); anything else sorts by school."""
    value = (value or "").strip()
    descending = value.startswith("-")
    column = value.lstrip("-")
    if column not in SORT_KEYS:
        return "school", False
    return column, descending


def sort_progress(rows: list[SchoolProgress], column: str, descending: bool) -> list[SchoolProgress]:
    """Sorted by the column (then by school name); rows without a value come last in both directions."""
    key = SORT_KEYS[column]
    by_name = sorted(rows, key=SORT_KEYS["school"])
    present = [r for r in by_name if key(r) is not None]
    missing = [r for r in by_name if key(r) is None]
    return sorted(present, key=key, reverse=descending) + missing
