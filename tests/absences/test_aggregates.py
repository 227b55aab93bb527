"""Aggregates: "<5" for small counts, complementary suppression, TierCount refreshed by recompute,
constant queries on the pages, who may see which."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from absences.aggregates import HIDDEN, city_aggregates, percent, school_aggregates, suppress, table
from absences.models import ThresholdKind, TierCount
from absences.standings import recompute_for_school

from ..helpers import assert_queries_constant
from .setup import model_with, month, pupil

pytestmark = pytest.mark.django_db
SEP = datetime.date(2026, 9, 1)


def test_small_counts_are_hidden_and_cannot_be_recovered_from_the_total():
    t = table("t", "", ["a", "b", "c"], ["r1", "r2"], [[3, 10, 12], [20, 30, 40]])
    r1_cells, r1_total = t.rows[0][1], t.rows[0][2]
    assert r1_cells[0] == HIDDEN
    # The row total is shown: so a second cell of the row must be hidden too.
    assert r1_total == "25" and r1_cells.count(HIDDEN) >= 2
    # Column a: 3 hidden and the column total shown -> another cell of column a hidden as well.
    column_a = [row[1][0] for row in t.rows] + [t.totals[0]]
    assert column_a.count(HIDDEN) >= 2


def test_no_row_or_column_has_exactly_one_hidden_cell():
    values = [[1, 7, 9, 17], [8, 2, 30, 40], [6, 6, 6, 18], [15, 15, 45, 75]]
    hidden = suppress(values)
    lines = [[(r, c) for c in range(4)] for r in range(4)] + [[(r, c) for r in range(4)] for c in range(4)]
    for line in lines:
        assert sum(hidden[r][c] for r, c in line) != 1


def test_percentages_of_small_numbers_are_hidden():
    assert percent(4, 100) == HIDDEN and percent(5, 4) == HIDDEN and percent(5, 10) == "50 %"


def _town(city, n: int, absent: int = 40):
    model_with(city, {"kind": ThresholdKind.HOURS, "threshold": 30})
    for i in range(n):
        month(
            pupil(city, group="7B" if i % 2 else "7C", teacher=city.teacher), city.year, SEP, excused=absent
        )


def test_recompute_refreshes_the_tier_counts(city):
    _town(city, 7)
    recompute_for_school(city.school, city.year)
    recompute_for_school(city.school, city.year)  # replaces, does not add
    assert sum(TierCount.objects.filter(school=city.school).values_list("pupils", flat=True)) == 7
    result = school_aggregates(city.school, city.year)
    by_class = result["tables"]["by_class"]
    assert [label for label, *_ in by_class.rows] == ["7B", "7C"]
    assert all(cell == HIDDEN for _label, cells, _total in by_class.rows for cell in cells)
    assert by_class.grand_total == "7"
    assert result["without_plan"][0]["share"] == "100 %"


def test_city_aggregates_per_school_from_tier_counts(city):
    _town(city, 12)
    recompute_for_school(city.school, city.year)
    result = city_aggregates(city.municipality, city.year)
    rows = {label: (cells, total) for label, cells, total in result["tables"]["by_school"].rows}
    assert rows[city.school.name][1] == "12"


def test_the_aggregate_pages_run_a_constant_number_of_queries(city, as_user):
    _town(city, 3)
    client = as_user(city.coordinator)

    def pages():
        recompute_for_school(city.school, city.year)
        for url in (
            reverse("absence_city_aggregates"),
            reverse("absence_school_aggregates", args=[city.school.pk]),
        ):
            assert client.get(url).status_code == 200

    def grow():
        for i in range(27):
            month(pupil(city, group=f"8{i % 4}"), city.year, SEP, excused=i)

    def just_pages():
        for url in (
            reverse("absence_city_aggregates"),
            reverse("absence_school_aggregates", args=[city.school.pk]),
        ):
            assert client.get(url).status_code == 200

    pages()
    assert_queries_constant(just_pages, lambda: (grow(), recompute_for_school(city.school, city.year)))


def test_the_city_page_shows_small_counts_as_hidden(city, as_user):
    _town(city, 3)
    recompute_for_school(city.school, city.year)
    page = as_user(city.coordinator).get(reverse("absence_city_aggregates")).content.decode()
    assert "&lt;5" in page and "Oppilas" not in page


def test_staff_see_their_schools_aggregates_others_are_refused(city, other_city, as_user):
    client = as_user(city.teacher)
    assert client.get(reverse("absence_school_aggregates", args=[city.school.pk])).status_code == 200
    assert client.get(reverse("absence_school_aggregates", args=[city.other_school.pk])).status_code == 403
    assert client.get(reverse("absence_city_aggregates")).status_code == 403
    assert client.get(reverse("absence_school_aggregates", args=[other_city.school.pk])).status_code == 404


def test_the_aggregates_api_gives_counts_only(city, other_city, as_user):
    _town(city, 6)
    recompute_for_school(city.school, city.year)
    client = as_user(city.coordinator)
    data = client.get(
        f"/api/v1/absence-aggregates/?school={city.school.pk}&school_year={city.year.pk}"
    ).json()
    assert data["tables"]["by_class"]["total"] == "6"
    assert client.get("/api/v1/absence-aggregates/").status_code == 200
    assert client.get(f"/api/v1/absence-aggregates/?school={other_city.school.pk}").status_code == 404
    assert as_user(city.teacher).get("/api/v1/absence-aggregates/").status_code == 403


def test_hidden_cells_at_their_bounds_are_not_given_away_by_the_total():
    """72 + <5 + <5 = 80 tells that both hidden cells are 4 (and 72 + <5 + <5 = 72 that both are 0)."""
    for a, b in ((4, 4), (0, 0)):
        t = table("t", "", ["below", "targeted", "intensive"], ["s1", "s2"], [[54, a, b], [18, 20, 30]])
        cells, total = t.rows[0][1], t.rows[0][2]
        assert cells[1:] == [HIDDEN, HIDDEN]
        assert cells[0] == HIDDEN or total == HIDDEN
    t = table("t", "", ["below", "targeted", "intensive"], ["s1", "s2"], [[54, 2, 3], [18, 20, 30]])
    assert t.rows[0][1] == ["54", HIDDEN, HIDDEN] and t.rows[0][2] == "59"
