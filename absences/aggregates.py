"""Aggregates of absence follow-up for a school's communal group and for the city: counts, never pupils.

Read only the pre-aggregated tables: `TierCount` (pupils per tier: the snapshot of each school's
latest recompute month) and `PupilMonth` (hours). A constant number of queries, whatever the size.

**Small-count suppression.** Any count under 5 (0 included) is shown as "<5". So that a suppressed
cell cannot be recovered by subtracting from a total, the tables get *complementary suppression*: every
row and every column (each with its total) that has exactly one suppressed cell gets its next smallest
cell suppressed too, repeated until no row or column has a single one. A percentage whose numerator or
denominator is under 5 is "<5". Hours are suppressed where fewer than 5 pupils had absences in the cell.

"Targeted or intensive" pupils without a plan: reported per tier (every tier of the model counts, so a
city whose first tier is universal reads its own row): pupils whose highest reached tier is that tier
and who have no open case with an attendance-support plan.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Max, Q, Sum, When
from django.utils.translation import gettext as _

from schools.models import Municipality, School, SchoolYear, Stage

from .models import AttendanceModel, PupilMonth, Tier, TierCount

SMALL = 5
HIDDEN = "<5"


# --- Suppression ----------------------------------------------------------------------------------


def suppress(values: list[list[int]], small: list[list[bool]] | None = None) -> list[list[bool]]:
    """The cells to hide in a table whose last row and last column are the totals.

    `small` marks the primary cells (by default: value < 5); complementary cells are added per row and
    per column until none has exactly one hidden cell, nor hidden cells whose sum tells them all (the
    smallest other cell is hidden, an inner cell before the total)."""
    n_rows, n_cols = len(values), len(values[0]) if values else 0
    hidden = [[(v < SMALL) for v in row] for row in values] if small is None else [list(r) for r in small]
    lines = [[(r, c) for c in range(n_cols)] for r in range(n_rows)]
    lines += [[(r, c) for r in range(n_rows)] for c in range(n_cols)]
    changed = True
    while changed:
        changed = False
        for line in lines:
            if len(line) < 2:
                continue
            shut = [cell for cell in line if hidden[cell[0]][cell[1]]]
            if not shut or len(shut) == len(line):
                continue
            # Each hidden cell is 0-4, so with the line's total shown their sum gives them away when
            # there is one, or when the sum is 0 or 4 for each (72 + <5 + <5 = 80 means 4 and 4).
            shut_values = [values[r][c] for r, c in shut]
            if len(shut) > 1 and (
                max(shut_values) >= SMALL or 0 < sum(shut_values) < (SMALL - 1) * len(shut)
            ):
                continue
            if len(shut) > 1 and hidden[line[-1][0]][line[-1][1]]:
                continue
            total = line[-1]
            open_cells = [cell for cell in line if not hidden[cell[0]][cell[1]]]
            inner = [cell for cell in open_cells if cell != total] or open_cells
            r, c = min(inner, key=lambda cell: values[cell[0]][cell[1]])
            hidden[r][c] = True
            changed = True
    return hidden


def percent(numerator: int, denominator: int) -> str:
    if numerator < SMALL or denominator < SMALL:
        return HIDDEN
    return f"{round(numerator * 100 / denominator)} %"


@dataclass
class Table:
    """A count table ready to render: every cell a string, "<5" where hidden."""

    caption: str
    row_header: str
    columns: list[str]
    rows: list[tuple[str, list[str], str]] = field(default_factory=list)
    totals: list[str] = field(default_factory=list)
    grand_total: str = ""

    def as_dict(self) -> dict:
        return {
            "caption": self.caption,
            "columns": self.columns,
            "rows": [{"label": label, "cells": cells, "total": total} for label, cells, total in self.rows],
            "totals": self.totals,
            "total": self.grand_total,
        }


def table(
    caption: str,
    row_header: str,
    columns: list[str],
    labels: list[str],
    matrix: list[list[int]],
    small: list[list[bool]] | None = None,
) -> Table:
    """Totals are added, then suppression decides what shows. `small` (optional) covers the matrix with
    its totals; by default a cell is small under 5."""
    full = [[*row, sum(row)] for row in matrix]
    full.append([sum(col) for col in zip(*full, strict=True)] if full else [0] * (len(columns) + 1))
    hidden = suppress(full, small)
    shown = [[HIDDEN if hidden[r][c] else str(v) for c, v in enumerate(row)] for r, row in enumerate(full)]
    out = Table(caption, row_header, columns)
    out.rows = [(label, shown[i][:-1], shown[i][-1]) for i, label in enumerate(labels)]
    out.totals, out.grand_total = shown[-1][:-1], shown[-1][-1]
    return out


# --- Reading ---------------------------------------------------------------------------------------


def _tiers(municipality_id: int, school_year: SchoolYear) -> list[Tier]:
    model = AttendanceModel.objects.filter(municipality_id=municipality_id, school_year=school_year).first()
    return list(Tier.objects.filter(model=model)) if model else []


def _tier_columns(tiers: list[Tier]) -> tuple[list[int | None], list[str]]:
    keys: list[int | None] = [None, *(t.pk for t in tiers)]
    return keys, [_("Below every tier"), *(str(t.name) for t in tiers)]


def _latest_rows(base):
    """The snapshot rows of each school's latest month: one GROUP BY for the months, one read."""
    latest = dict(base.values_list("school_id").annotate(last=Max("month")).values_list("school_id", "last"))
    by_month: dict = defaultdict(list)
    for school_id, month in latest.items():
        by_month[month].append(school_id)
    if not by_month:
        return base.none()
    where = Q()
    for month, school_ids in by_month.items():
        where |= Q(month=month, school_id__in=school_ids)
    return base.filter(where)


def _pivot(rows, key: str, keys: list[int | None], order: list) -> tuple[list, list[list[int]]]:
    data: dict = defaultdict(lambda: [0] * len(keys))
    index = {k: i for i, k in enumerate(keys)}
    for row in rows:
        data[row[key]][index[row["tier_id"]]] += row["n"]
    labels = [k for k in order if k in data] + sorted((k for k in data if k not in order), key=str)
    return labels, [data[k] for k in labels]


def _tier_tables(
    rows: list[dict], tiers: list[Tier], by: list[tuple[str, str, str, dict]]
) -> dict[str, Table]:
    keys, columns = _tier_columns(tiers)
    tables = {}
    for name, key, caption, names in by:
        labels, matrix = _pivot(rows, key, keys, list(names))
        tables[name] = table(caption, "", columns, [str(names.get(k, k or "–")) for k in labels], matrix)
    return tables


def _without_plan(rows: list[dict], tiers: list[Tier]) -> list[dict]:
    pupils: dict = defaultdict(int)
    plans: dict = defaultdict(int)
    for row in rows:
        pupils[row["tier_id"]] += row["n"]
        plans[row["tier_id"]] += row["plan"]
    out = []
    for tier in tiers:
        n, with_plan = pupils[tier.pk], plans[tier.pk]
        out.append(
            {
                "tier": str(tier.name),
                "pupils": HIDDEN if n < SMALL else str(n),
                "without_plan": HIDDEN if n - with_plan < SMALL or n < SMALL else str(n - with_plan),
                "share": percent(n - with_plan, n),
            }
        )
    return out


def _hours(months_qs, caption: str) -> Table:
    """Excused, unexcused and other hours per month; a month with fewer than 5 absent pupils hidden."""
    absent = Q(excused__gt=0) | Q(unexcused__gt=0) | Q(other__gt=0)
    rows = list(
        months_qs.values("month")
        .annotate(
            excused_h=Sum("excused"),
            unexcused_h=Sum("unexcused"),
            other_h=Sum("other"),
            absent_pupils=Count(
                Case(When(absent, then="pupil_id"), output_field=IntegerField()), distinct=True
            ),
        )
        .order_by("month")
    )
    matrix = [[r["excused_h"] or 0, r["unexcused_h"] or 0, r["other_h"] or 0] for r in rows]
    few = [r["absent_pupils"] < SMALL for r in rows]
    all_few = sum(r["absent_pupils"] for r in rows) < SMALL
    small = [[f] * 4 for f in few] + [[all_few] * 4]
    labels = [f"{r['month']:%m/%Y}" for r in rows]
    columns = [_("Excused"), _("Unexcused"), _("Other")]
    return table(caption, _("Month"), columns, labels, matrix, small)


def _stage_names() -> dict:
    return {**dict(Stage.choices), "": _("Stage not known")}


def school_aggregates(school: School, school_year: SchoolYear) -> dict:
    """Pupils per tier by class, stage and month; hours by class of absence and month; pupils per tier
    without a plan. Six queries."""
    tiers = _tiers(school.municipality_id, school_year)
    base = TierCount.objects.filter(
        municipality_id=school.municipality_id, school=school, school_year=school_year
    )
    latest = list(
        _latest_rows(base)
        .values("stage", "group_name", "tier_id")
        .annotate(n=Sum("pupils"), plan=Sum("with_plan"))
    )
    by_month = list(base.values("month", "tier_id").annotate(n=Sum("pupils")).order_by("month"))
    months = sorted({r["month"] for r in by_month})
    tables = _tier_tables(
        latest,
        tiers,
        [
            ("by_class", "group_name", _("Pupils per tier by class"), {}),
            ("by_stage", "stage", _("Pupils per tier by stage"), _stage_names()),
        ],
    )
    tables.update(
        _tier_tables(
            by_month,
            tiers,
            [("by_month", "month", _("Pupils per tier by month"), {m: f"{m:%m/%Y}" for m in months})],
        )
    )
    hours = PupilMonth.objects.filter(
        municipality_id=school.municipality_id, school=school, school_year=school_year
    )
    return {
        "tables": tables,
        "hours": _hours(hours, _("Absence hours by month")),
        "without_plan": _without_plan(latest, tiers),
        "tiers": tiers,
    }


def city_aggregates(municipality: Municipality, school_year: SchoolYear) -> dict:
    """The city's pupils per tier by school, stage and month, hours by month and the share without a
    plan. Per-school tier counts come from `TierCount` only. Seven queries."""
    tiers = _tiers(municipality.pk, school_year)
    base = TierCount.objects.filter(municipality=municipality, school_year=school_year)
    latest = list(
        _latest_rows(base)
        .values("school_id", "stage", "tier_id")
        .annotate(n=Sum("pupils"), plan=Sum("with_plan"))
    )
    names = dict(School.objects.filter(municipality=municipality).order_by("name").values_list("pk", "name"))
    by_month = list(base.values("month", "tier_id").annotate(n=Sum("pupils")).order_by("month"))
    months = sorted({r["month"] for r in by_month})
    tables = _tier_tables(
        latest,
        tiers,
        [
            ("by_school", "school_id", _("Pupils per tier by school"), names),
            ("by_stage", "stage", _("Pupils per tier by stage"), _stage_names()),
        ],
    )
    tables.update(
        _tier_tables(
            by_month,
            tiers,
            [("by_month", "month", _("Pupils per tier by month"), {m: f"{m:%m/%Y}" for m in months})],
        )
    )
    hours = PupilMonth.objects.filter(municipality=municipality, school_year=school_year)
    return {
        "tables": tables,
        "hours": _hours(hours, _("Absence hours by month")),
        "without_plan": _without_plan(latest, tiers),
        "tiers": tiers,
    }


def as_json(result: dict) -> dict:
    """The API's shape: counts as strings ("<5" where hidden)."""
    return {
        "tables": {name: t.as_dict() for name, t in result["tables"].items()},
        "hours": result["hours"].as_dict(),
        "without_plan": result["without_plan"],
    }


# --- Per school, for the city's dashboard ----------------------------------------------------------


def school_tier_counts(
    municipality_id: int, year_ids: list[int]
) -> tuple[dict[int, list[Tier]], dict[tuple[int, int], dict[int | None, tuple[int, int]]]]:
    """Each school's latest snapshot per school year: `{(school, year): {tier id or None: (pupils, with
    a plan)}}`, and each year's tiers. Three queries, whatever the number of schools and years; the
    counts are raw: the caller shows them through `percent` / `shown_count` (small-number rule)."""
    tiers: dict[int, list[Tier]] = defaultdict(list)
    for tier in Tier.objects.filter(
        model__municipality_id=municipality_id, model__school_year_id__in=year_ids
    ).select_related("model"):
        tiers[tier.model.school_year_id].append(tier)
    base = TierCount.objects.filter(municipality_id=municipality_id, school_year_id__in=year_ids)
    latest = base.values_list("school_id", "school_year_id").annotate(last=Max("month")).order_by()
    by_month: dict = defaultdict(list)
    for school_id, year_id, month in latest:
        by_month[(year_id, month)].append(school_id)
    where = Q()
    for (year_id, month), school_ids in by_month.items():
        where |= Q(school_year_id=year_id, month=month, school_id__in=school_ids)
    counts: dict[tuple[int, int], dict[int | None, tuple[int, int]]] = defaultdict(dict)
    if not where:
        return dict(tiers), {}
    rows = (
        base.filter(where)
        .values_list("school_id", "school_year_id", "tier_id")
        .annotate(n=Sum("pupils"), plan=Sum("with_plan"))
        .order_by()
    )
    for school_id, year_id, tier_id, n, plan in rows:
        counts[(school_id, year_id)][tier_id] = (n or 0, plan or 0)
    return dict(tiers), dict(counts)


def shown_count(n: int) -> str:
    """A count as the city sees it: "<5" under five (zero included)."""
    return HIDDEN if n < SMALL else str(n)
