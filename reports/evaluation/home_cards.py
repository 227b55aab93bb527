"""The evaluation's card on a principal's home page: this school year's evaluation of their schools,
while it is not started or not submitted (registered in ReportsConfig.ready)."""

from __future__ import annotations

from django.http import HttpRequest

from core.registries import HomeCard, register_home_card
from roles.policies import principal_school_ids
from schools.selectors import schools_for
from schools.tenancy import Actor

from ..models import EvaluationStatus
from . import selectors


def open_evaluations(request: HttpRequest, actor: Actor, shared: dict) -> dict | None:
    """One query for everyone (the principal's schools, memoised for the other cards), one more for a
    principal (their schools' evaluations this year)."""
    year = shared.get("school_year")
    if year is None:
        return None
    school_ids = principal_school_ids(actor, frozenset({year.pk}))
    if not school_ids:
        return None
    evaluations = {
        e.school_id: e
        for e in selectors.evaluations_in(actor).filter(school_year=year, school_id__in=school_ids)
    }
    rows = [
        {"school": school, "evaluation": evaluations.get(school.pk)}
        for school in schools_for(actor).filter(pk__in=school_ids, is_active=True).order_by("name")
        if school.pk not in evaluations or evaluations[school.pk].status != EvaluationStatus.SUBMITTED
    ]
    if not rows:
        return None
    return {"evaluation_rows": rows, "evaluation_year": year}


def register() -> None:
    register_home_card(
        HomeCard("reports.evaluation", "reports/evaluation/home/open.html", open_evaluations, 60)
    )
