"""Reads of the yearly evaluation and the indicators, scoped to the actor's municipality and the
policies. Another municipality's object is a 404 like a missing one; one of this municipality the
actor may not read is a 403."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from core.access import access_in
from schools.models import School, SchoolYear
from schools.selectors import previous_school_year
from schools.tenancy import Actor
from yearclock.models import YearclockEntry

from ..models import (
    EvaluationAnswer,
    EvaluationCriterion,
    EvaluationTheme,
    Indicator,
    IndicatorValue,
    SchoolEvaluation,
)
from . import policies
from .scores import evaluation_scores

# --- Themes and criteria -----------------------------------------------------------------------


def themes_for(actor: Actor, *, include_inactive: bool = False) -> QuerySet[EvaluationTheme]:
    qs = EvaluationTheme.objects.filter(municipality=actor.municipality)
    return qs if include_inactive else qs.filter(is_active=True)


def access_theme(actor: Actor, pk: object) -> EvaluationTheme:
    return access_in(themes_for(actor, include_inactive=True), pk=pk)


def criteria_for(actor: Actor, *, include_retired: bool = False) -> QuerySet[EvaluationCriterion]:
    qs = EvaluationCriterion.objects.filter(municipality=actor.municipality).select_related("theme")
    return qs if include_retired else qs.filter(is_current=True)


def access_criterion(actor: Actor, pk: object) -> EvaluationCriterion:
    return access_in(criteria_for(actor, include_retired=True), pk=pk)


def asked_criteria(actor: Actor) -> list[EvaluationCriterion]:
    """The current criteria of active themes, in theme order: what a new evaluation asks."""
    return list(criteria_for(actor).filter(theme__is_active=True))


def grouped_by_theme(criteria: Iterable[EvaluationCriterion]) -> list[tuple[EvaluationTheme, list]]:
    groups: dict[int, tuple[EvaluationTheme, list]] = {}
    for criterion in criteria:
        groups.setdefault(criterion.theme_id, (criterion.theme, []))[1].append(criterion)
    return list(groups.values())


# --- Schools' evaluations ----------------------------------------------------------------------


def evaluations_in(actor: Actor) -> QuerySet[SchoolEvaluation]:
    return SchoolEvaluation.objects.filter(school__municipality=actor.municipality).select_related(
        "school", "school_year", "submitted_by", "yearclock_entry"
    )


def visible_evaluations(actor: Actor) -> QuerySet[SchoolEvaluation]:
    return policies.evaluations.visible(actor, evaluations_in(actor))


def access_evaluation(actor: Actor, pk: object) -> SchoolEvaluation:
    evaluation = access_in(evaluations_in(actor), pk=pk)
    if not policies.evaluations.can_view(actor, evaluation):
        raise PermissionDenied
    return evaluation


def evaluation_entry_for(school: School, school_year: SchoolYear) -> YearclockEntry | None:
    """The school's yearclock entry marked as the year's evaluation, if there is one."""
    return (
        YearclockEntry.objects.filter(
            yearclock__school=school, yearclock__school_year=school_year, is_evaluation=True
        )
        .select_related("yearclock")
        .first()
    )


def _criterion_lineage(criteria: Iterable[EvaluationCriterion]) -> dict[int, list[int]]:
    """Criterion id -> its id and the ids of its earlier versions (newest first)."""
    by_id = {c.pk: c for c in criteria}
    lineage = {}
    for criterion in by_id.values():
        chain, seen, node = [], set(), criterion
        while node is not None and node.pk not in seen:
            chain.append(node.pk)
            seen.add(node.pk)
            node = by_id.get(node.previous_id) if node.previous_id else None
        lineage[criterion.pk] = chain
    return lineage


@dataclass
class EvaluationPage:
    """What the evaluation page shows: the criteria asked, grouped by theme, with this year's answers
    and last year's score of the same criterion (or an earlier version of it)."""

    evaluation: SchoolEvaluation
    themes: list[tuple[EvaluationTheme, list[dict]]] = field(default_factory=list)
    mean: Decimal | None = None
    previous_mean: Decimal | None = None
    previous_year: SchoolYear | None = None
    answered: int = 0
    total: int = 0

    @property
    def change(self) -> Decimal | None:
        if self.mean is None or self.previous_mean is None:
            return None
        return self.mean - self.previous_mean


def evaluation_page(actor: Actor, evaluation: SchoolEvaluation) -> EvaluationPage:
    """A constant number of queries whatever the number of criteria."""
    all_criteria = list(criteria_for(actor, include_retired=True))
    answers = {a.criterion_id: a for a in EvaluationAnswer.objects.filter(evaluation=evaluation)}
    if evaluation.status == "submitted":
        # A submitted evaluation shows what it was given, in the wording it was given for.
        shown = [c for c in all_criteria if c.pk in answers]
    else:
        shown = [c for c in all_criteria if c.is_current and c.theme.is_active]
        shown += [c for c in all_criteria if not c.is_current and c.pk in answers]
    previous_year = previous_school_year(evaluation.school_year)
    previous_answers: dict[int, int | None] = {}
    if previous_year is not None:
        previous_answers = dict(
            EvaluationAnswer.objects.filter(
                evaluation__school_id=evaluation.school_id,
                evaluation__school_year=previous_year,
                evaluation__status="submitted",
            ).values_list("criterion_id", "score")
        )
    lineage = _criterion_lineage(all_criteria)
    rows = []
    for criterion in shown:
        previous = next((previous_answers[i] for i in lineage[criterion.pk] if i in previous_answers), None)
        rows.append({"criterion": criterion, "answer": answers.get(criterion.pk), "previous": previous})
    themes = grouped_by_theme(r["criterion"] for r in rows)
    by_criterion = {r["criterion"].pk: r for r in rows}
    year_ids = [evaluation.school_year_id] + ([previous_year.pk] if previous_year else [])
    scores = evaluation_scores(actor.municipality.pk, [evaluation.school_id], year_ids)
    return EvaluationPage(
        evaluation=evaluation,
        themes=[(theme, [by_criterion[c.pk] for c in items]) for theme, items in themes],
        mean=scores.get((evaluation.school_id, evaluation.school_year_id)) or _draft_mean(answers.values()),
        previous_mean=scores.get((evaluation.school_id, previous_year.pk)) if previous_year else None,
        previous_year=previous_year,
        answered=sum(1 for r in rows if r["answer"] and r["answer"].score),
        total=len(rows),
    )


def _draft_mean(answers: Iterable[EvaluationAnswer]) -> Decimal | None:
    scores = [a.score for a in answers if a.score]
    if not scores:
        return None
    return (Decimal(sum(scores)) / len(scores)).quantize(Decimal("0.01"))


# --- Indicators --------------------------------------------------------------------------------


def indicators_for(actor: Actor) -> QuerySet[Indicator]:
    return Indicator.objects.filter(municipality=actor.municipality)


def access_indicator(actor: Actor, pk: object) -> Indicator:
    return access_in(indicators_for(actor), pk=pk)


def indicator_values_in(actor: Actor) -> QuerySet[IndicatorValue]:
    return IndicatorValue.objects.filter(indicator__municipality=actor.municipality).select_related(
        "indicator", "school", "school_year"
    )


def visible_indicator_values(actor: Actor) -> QuerySet[IndicatorValue]:
    return policies.indicators.visible_values(actor, indicator_values_in(actor))


def indicator_table(actor: Actor) -> list[dict]:
    """Per indicator: rows of (school, [(year, value, change from the previous year)]) — two queries."""
    values = list(visible_indicator_values(actor).order_by("school__name", "school_year__starts_on"))
    years = sorted({v.school_year for v in values}, key=lambda y: y.starts_on)
    table = []
    for indicator in indicators_for(actor):
        schools: dict[School, dict[int, Decimal]] = {}
        for v in values:
            if v.indicator_id == indicator.pk:
                schools.setdefault(v.school, {})[v.school_year_id] = v.value
        rows = []
        for school, by_year in schools.items():
            cells, previous = [], None
            for year in years:
                value = by_year.get(year.pk)
                change = value - previous if value is not None and previous is not None else None
                cells.append({"value": value, "change": change})
                previous = value
            rows.append({"school": school, "cells": cells})
        table.append({"indicator": indicator, "years": years, "rows": rows})
    return table
