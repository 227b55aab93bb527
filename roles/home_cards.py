"""The roles app's cards on each person's home page (registered in RolesConfig.ready)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.registries import HomeCard, register_home_card
from schools.policies import organisation
from schools.tenancy import Actor

from . import home_selectors, policies, selectors
from .models import RoleKey


def _my_assignments(request: HttpRequest, actor: Actor, school_year: Any) -> dict:
    """The actor's own schools and roles this year, loaded once per request for both cards."""
    # The home page already read the current year: the roles-tool policy need not read it again.
    actor.memo.setdefault("current_year_id", school_year.pk if school_year is not None else None)
    cache = request.__dict__.setdefault("_home_my_assignments", {})
    if "mine" not in cache:
        mine: dict = {}
        if school_year is not None:
            for a in selectors.assignments_for(actor, school_year=school_year).filter(
                user=actor.user, school__is_active=True
            ):
                mine.setdefault(a.school, []).append(a.role)
        cache["mine"] = mine
    return cache["mine"]


def principal_roster(request: HttpRequest, actor: Actor, shared: dict) -> dict | None:
    """Only the principal's own schools get their whole roster."""
    year = shared["school_year"]
    principal_ids = [s.pk for s in _principal_schools(request, actor, year)]
    if not principal_ids:
        return None
    return {
        "principal_schools": list(
            selectors.schools_with_year_assignments(actor, year).filter(pk__in=principal_ids)
        )
    }


def city_schools(request: HttpRequest, actor: Actor, shared: dict) -> dict | None:
    if not organisation.can_manage(actor):
        return None
    return {
        "all_schools": list(selectors.schools_overview(actor, shared["school_year"]).filter(is_active=True))
    }


def _principal_schools(request: HttpRequest, actor: Actor, year: Any) -> list:
    mine = _my_assignments(request, actor, year)
    return [s for s, roles in mine.items() if any(r.key == RoleKey.PRINCIPAL for r in roles)]


def principal_tool(request: HttpRequest, actor: Actor, shared: dict) -> dict | None:
    """The principal's to-do: their school's roles tool this year (or that it is not started)."""
    year = shared["school_year"]
    schools = sorted(_principal_schools(request, actor, year), key=lambda s: s.name)
    if not schools:
        return None
    return {"principal_progress": home_selectors.school_progress(actor, year, schools)}


#: The coordinator's progress table's columns, each sorting by `home_selectors.SORT_KEYS[column]`.
PROGRESS_COLUMNS = (
    ("school", _("School")),
    ("state", _("State")),
    ("share", _("Roles with acts")),
    ("deadline", _("Deadline")),
    ("changed", _("Last change")),
)


def city_progress(request: HttpRequest, actor: Actor, shared: dict) -> dict | None:
    """The coordinator's roles-tool progress per school, sorted by `?sort=` (server-side)."""
    if not policies.roles_tool.can_view_every_school(actor):
        return None
    column, descending = home_selectors.parse_sort(request.GET.get("sort"))
    rows = home_selectors.city_progress(actor, shared["school_year"])
    return {
        "progress_rows": home_selectors.sort_progress(rows, column, descending),
        "sort_column": column,
        "sort_descending": descending,
        "sort_headers": PROGRESS_COLUMNS,
    }


def my_roles(request: HttpRequest, actor: Actor, shared: dict) -> dict | None:
    """Any staff member's to-do: per school and role held this year, the acts to write or confirm."""
    year = shared["school_year"]
    mine = _my_assignments(request, actor, year)
    if not mine and policies.roles_tool.can_view_every_school(actor):
        return None  # a coordinator without a school role has the progress card instead
    return {"my_schools": home_selectors.staff_todo(actor, year, mine)}


def register() -> None:
    register_home_card(HomeCard("roles.principal_tool", "roles/home/principal_tool.html", principal_tool, 5))
    register_home_card(HomeCard("roles.city_progress", "roles/home/city_progress.html", city_progress, 15))
    register_home_card(
        HomeCard("roles.principal_roster", "roles/home/principal_roster.html", principal_roster, 10)
    )
    register_home_card(HomeCard("roles.city_schools", "roles/home/city_schools.html", city_schools, 20))
    register_home_card(HomeCard("roles.my_roles", "roles/home/my_roles.html", my_roles, 30))
