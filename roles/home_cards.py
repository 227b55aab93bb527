"""The roles app's cards on each person's home page (registered in RolesConfig.ready)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from core.registries import HomeCard, register_home_card
from schools.policies import organisation
from schools.tenancy import Actor

from . import selectors
from .models import RoleKey


def _my_assignments(request: HttpRequest, actor: Actor, school_year: Any) -> dict:
    """The actor's own schools and roles this year, loaded once per request for both cards."""
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
    mine = _my_assignments(request, actor, year)
    principal_ids = [s.pk for s, roles in mine.items() if any(r.key == RoleKey.PRINCIPAL for r in roles)]
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


def my_roles(request: HttpRequest, actor: Actor, shared: dict) -> dict | None:
    mine = _my_assignments(request, actor, shared["school_year"])
    return {"my_schools": [{"school": s, "roles": roles} for s, roles in mine.items()]}


def register() -> None:
    register_home_card(
        HomeCard("roles.principal_roster", "roles/home/principal_roster.html", principal_roster, 10)
    )
    register_home_card(HomeCard("roles.city_schools", "roles/home/city_schools.html", city_schools, 20))
    register_home_card(HomeCard("roles.my_roles", "roles/home/my_roles.html", my_roles, 30))
