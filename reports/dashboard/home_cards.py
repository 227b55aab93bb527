"""The principal's home card: their school's overview in short (registered in ReportsConfig.ready)."""

from __future__ import annotations

from django.http import HttpRequest

from core.registries import HomeCard, register_home_card
from schools.tenancy import Actor

from . import figures, policies


def school_at_a_glance(request: HttpRequest, actor: Actor, shared: dict) -> dict | None:
    """Nothing (and no query beyond the actor's roles, which other cards load too) unless the person is a
    principal; then five queries whatever the number of their schools."""
    year = shared.get("school_year")
    if year is None or actor.is_coordinator:
        return None
    school_ids = policies.overview.own_school_ids(actor, year)
    if not school_ids:
        return None
    rows = figures.school_summaries(actor.municipality, year, sorted(school_ids))
    return {"overview_rows": rows} if rows else None


def register() -> None:
    register_home_card(
        HomeCard("reports.school_at_a_glance", "reports/dashboard/home_card.html", school_at_a_glance, 15)
    )
