"""The dashboard's figures on a small hand-built city: each family right, small counts hidden, sorting,
filters, and a constant number of queries."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from reports.dashboard import figures
from schools.models import Language, SchoolKind, Stage
from tests.factories import SchoolFactory
from tests.helpers import count_queries

from .dashboard_data import TODAY, fill_school

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(city):
    data = fill_school(city.school, city.year, owner=city.teacher, previous_year=city.previous_year)
    return city, data


def _row(board, school):
    return next(r for r in board.rows if r.school_id == school.pk)


def test_each_family_of_figures_is_right(filled):
    """Roles, yearclock, groups, absences and evaluation of one school match what was built."""
    city, data = filled
    board = figures.dashboard(city.municipality, city.year, today=TODAY)
    row = _row(board, city.school)
    assert (row.tool_state, row.roles_total, row.roles_with_acts, row.roles_share) == ("published", 4, 2, 50)
    assert row.published_at.date() == datetime.date(2026, 10, 1)
    # Due by 26.11.: Aug, Sep, Oct, Nov (4, the dropped one not counted); done: Aug, Oct; late: Sep.
    assert (row.entries_due, row.entries_due_done, row.entries_late, row.city_dropped) == (4, 2, 1, 1)
    assert row.meetings == {data["level"].pk: 1}
    assert (row.actions_open, row.actions_overdue) == (2, 1)
    # 51 pupils: targeted 8 (16 %), intensive 3 (<5); at a tier 11, of them 3 with a plan: 8 without (73 %).
    assert row.pupils == 51
    assert row.tier_shares[data["targeted"].pk] == figures.Share(16, "16 %")
    assert row.tier_shares[data["intensive"].pk] == figures.Share(None, "<5")
    assert row.without_plan == figures.Share(73, "73 %")
    assert row.evaluation == Decimal("3.00")
    assert row.evaluation_change == Decimal("0.50")
    assert not row.evaluation_late
    # The other school has nothing: no tool, no clock, nothing hidden as a number.
    other = _row(board, city.other_school)
    assert (other.tool_state, other.roles_share, other.entries_due, other.evaluation) == (
        "none",
        None,
        0,
        None,
    )
    assert other.late_count == 1  # the roles tool is not published


def test_small_numbers_are_hidden_everywhere(city):
    """A share whose numerator or denominator is under 5 is "<5" with no number: here 4 pupils in all."""
    data = fill_school(city.school, city.year, owner=city.teacher, pupils=(1, 2, 1), plans=(0, 0, 0))
    row = _row(figures.dashboard(city.municipality, city.year, today=TODAY), city.school)
    assert row.tier_shares[data["targeted"].pk] == figures.Share(None, "<5")
    assert row.without_plan == figures.Share(None, "<5")
    board = figures.dashboard(city.municipality, city.year, today=TODAY)
    cells = {c.key: c.export_value(_row(board, city.school)) for c in board.columns()}
    assert cells[f"tier_{data['targeted'].pk}"] == "<5"
    assert cells["without_plan"] == "<5"
    assert board.trend[-1].at_tier.text == "<5"


def test_trend_over_school_years(filled):
    """The trend covers the years up to the chosen one: evaluation mean, share at a tier, meetings held."""
    city, _data = filled
    board = figures.dashboard(city.municipality, city.year, today=TODAY)
    assert [t.year for t in board.trend] == [city.previous_year, city.year]
    assert [t.evaluation_mean for t in board.trend] == [Decimal("2.50"), Decimal("3.00")]
    assert board.trend[-1].meetings_held == 1
    assert board.trend[-1].at_tier == figures.Share(22, "22 %")


def test_sorting_by_any_column_puts_missing_values_last(filled):
    city, _data = filled
    SchoolFactory(municipality=city.municipality, name="Aakkoskoulu")
    board = figures.dashboard(city.municipality, city.year, today=TODAY)
    cols = board.columns()
    for col in cols:
        for sort in (col.key, f"-{col.key}"):
            rows, used = figures.sort_rows(board.rows, cols, sort)
            assert used == sort and len(rows) == 3
    rows, _ = figures.sort_rows(board.rows, cols, "-roles_share")
    assert rows[0].school_id == city.school.pk
    rows, _ = figures.sort_rows(board.rows, cols, "roles_share")
    assert rows[0].school_id == city.school.pk  # the others have no tool: last either way
    rows, used = figures.sort_rows(board.rows, cols, "-nonsense")
    assert used == "school" and [r.name for r in rows] == sorted(r.name for r in rows)


def test_filters_by_kind_stage_and_language(filled):
    city, _data = filled
    swedish = SchoolFactory(
        municipality=city.municipality,
        name="Skolan",
        language=Language.SWEDISH,
        kind=SchoolKind.SCHOOL_CENTRE,
        stages=[Stage.PRE_AND_EARLY],
    )

    def names(**kw):
        return {r.name for r in figures.dashboard_rows(city.municipality, city.year, filters=kw)}

    assert names(language="sv") == {"Skolan"}
    assert names(kind="school_centre") == {"Skolan"}
    assert names(stage="upper_secondary") == {city.other_school.name}
    assert names(stage="primary") == {city.school.name}
    assert names() == {city.school.name, city.other_school.name, swedish.name}


def test_another_municipality_year_is_refused(filled, other_city):
    city, _data = filled
    with pytest.raises(ValueError):
        figures.dashboard(city.municipality, other_city.year)


def test_queries_do_not_grow_with_schools(city):
    """The same number of queries (11) with 1 filled school and with 6."""
    fill_school(city.school, city.year, owner=city.teacher, previous_year=city.previous_year)

    def run():
        return figures.dashboard_rows(city.municipality, city.year)

    before = count_queries(run)
    for i in range(5):
        school = SchoolFactory(municipality=city.municipality, name=f"Lisäkoulu {i}")
        fill_school(school, city.year, owner=city.teacher)
    assert count_queries(run) == before <= 12
    assert len(run()) == 7


def test_exports_keep_formula_like_names_as_text(city):
    """A school name a spreadsheet would run as a formula is written as text in CSV and XLSX."""
    import io

    import openpyxl

    from reports.dashboard import export

    city.school.name = '=HYPERLINK("http://x")'
    city.school.save()
    board = figures.dashboard(city.municipality, city.year, today=TODAY)
    cols = board.columns()
    assert "'=HYPERLINK" in export.as_csv(board, board.rows, cols).decode("utf-8-sig")
    book = openpyxl.load_workbook(io.BytesIO(export.as_xlsx(board, board.rows, cols, title="x")))
    names = [row[0] for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://x")' in names
