"""The evaluation's figures as the dashboard and the school overview read them: one query each, whatever
the number of schools and years."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg

from ..models import EvaluationAnswer, EvaluationStatus, IndicatorValue

Key = tuple[int, int]  # (school id, school year id)


def evaluation_scores(
    municipality_id: int, school_ids: Iterable[int], year_ids: Iterable[int]
) -> dict[Key, Decimal]:
    """The mean score (1–4, two decimals) of each submitted evaluation; schools and years without a
    submitted evaluation are absent from the result."""
    rows = (
        EvaluationAnswer.objects.filter(
            evaluation__school__municipality_id=municipality_id,
            evaluation__school_id__in=list(school_ids),
            evaluation__school_year_id__in=list(year_ids),
            evaluation__status=EvaluationStatus.SUBMITTED,
            score__isnull=False,
        )
        .values_list("evaluation__school_id", "evaluation__school_year_id")
        .annotate(mean=Avg("score"))
        .order_by()
    )
    return {
        (school_id, year_id): Decimal(str(mean)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        for school_id, year_id, mean in rows
    }


def indicator_values(
    municipality_id: int, school_ids: Iterable[int], year_ids: Iterable[int]
) -> dict[Key, dict[int, Decimal]]:
    """Indicator id -> value per (school, year)."""
    result: dict[Key, dict[int, Decimal]] = {}
    rows = IndicatorValue.objects.filter(
        indicator__municipality_id=municipality_id,
        school_id__in=list(school_ids),
        school_year_id__in=list(year_ids),
    ).values_list("school_id", "school_year_id", "indicator_id", "value")
    for school_id, year_id, indicator_id, value in rows:
        result.setdefault((school_id, year_id), {})[indicator_id] = value
    return result
