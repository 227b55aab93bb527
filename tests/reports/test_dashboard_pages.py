"""The dashboard page, its files and its API: who may see them, sorting and filters on the server, the
files parse back with the same numbers, and the query count stays the same for 5 and 50 schools."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roles.models import RoleKey
from tests.factories import SchoolFactory, assign

from .dashboard_data import fill_school

pytestmark = pytest.mark.django_db

DASHBOARD_URLS = ["reports_dashboard", "reports_dashboard_csv", "reports_dashboard_xlsx"]


@pytest.fixture
def filled(city):
    fill_school(city.school, city.year, owner=city.teacher, previous_year=city.previous_year)
    return city


def _csv_rows(response) -> list[list[str]]:
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


# --- Who may see it -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", DASHBOARD_URLS)
@pytest.mark.parametrize("who", ["principal", "teacher", "nurse"])
def test_only_the_coordinator_sees_the_dashboard(filled, as_user, name, who):
    assert as_user(getattr(filled, who)).get(reverse(name)).status_code == 403


def test_api_refuses_others(filled, as_user):
    response = as_user(filled.principal).get("/api/v1/dashboard/")
    assert response.status_code == 403 and response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("name", DASHBOARD_URLS)
def test_year_of_another_municipality_is_a_404(filled, other_city, as_user, name):
    client = as_user(filled.coordinator)
    assert client.get(reverse(name), {"year": other_city.year.pk}).status_code == 404
    assert client.get(reverse(name), {"year": "junk"}).status_code == 404
    assert client.get("/api/v1/dashboard/", {"year": other_city.year.pk}).status_code == 404


def test_other_coordinator_sees_nothing_of_this_city(filled, other_city, as_user):
    client = as_user(other_city.coordinator)
    page = client.get(reverse("reports_dashboard")).content.decode()
    assert filled.school.name not in page and other_city.school.name in page
    data = client.get("/api/v1/dashboard/").json()
    assert {s["name"] for s in data["schools"]} == {other_city.school.name, other_city.other_school.name}
    assert client.get(reverse("reports_school_overview", args=[filled.school.pk])).status_code == 404


def test_school_overview_for_its_principal_and_the_coordinator(filled, as_user):
    url = reverse("reports_school_overview", args=[filled.school.pk])
    page = as_user(filled.principal).get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Syyskuu" in text and "Myöhässä" in text  # the late entry and the overdue action item
    assert as_user(filled.coordinator).get(url).status_code == 200
    assert as_user(filled.teacher).get(url).status_code == 403
    other = reverse("reports_school_overview", args=[filled.other_school.pk])
    assert as_user(filled.principal).get(other).status_code == 403


def test_menu_entry_leads_each_to_their_report(filled, as_user):
    assert as_user(filled.coordinator).get(reverse("reports_mine"))["Location"] == reverse(
        "reports_dashboard"
    )
    overview = reverse("reports_school_overview", args=[filled.school.pk])
    assert as_user(filled.principal).get(reverse("reports_mine"))["Location"] == overview
    assert as_user(filled.teacher).get(reverse("reports_mine")).status_code == 200
    home = as_user(filled.coordinator).get(reverse("home")).content.decode()
    assert reverse("reports_dashboard") in home


# --- Sorting and filters --------------------------------------------------------------------------------


def test_sort_links_and_aria_sort(filled, as_user):
    client = as_user(filled.coordinator)
    SchoolFactory(municipality=filled.municipality, name="Aakkoskoulu")
    page = client.get(reverse("reports_dashboard"), {"sort": "-roles_share"}).content.decode()
    assert 'aria-sort="descending"' in page
    assert page.index(filled.school.name) < page.index("Aakkoskoulu")
    assert "sort=roles_share" in page  # the active header's link turns the order
    page = client.get(reverse("reports_dashboard")).content.decode()
    assert page.count('aria-sort="ascending"') == 1
    assert page.index("Aakkoskoulu") < page.index(filled.school.name)


def test_filters_narrow_the_rows_and_bad_values_are_a_clear_error(filled, as_user):
    client = as_user(filled.coordinator)
    page = client.get(reverse("reports_dashboard"), {"stage": "upper_secondary"}).content.decode()
    assert (
        f'data-school="{filled.other_school.pk}"' in page and f'data-school="{filled.school.pk}"' not in page
    )
    bad = client.get(reverse("reports_dashboard"), {"stage": "nonsense"})
    assert bad.status_code == 400 and 'role="alert"' in bad.content.decode()
    assert client.get(reverse("reports_dashboard_csv"), {"kind": "x"}).status_code == 400
    api = client.get("/api/v1/dashboard/", {"language": "xx"})
    assert api.status_code == 400 and "language" in api.json()


# --- Files and API: the same numbers ------------------------------------------------------------------


def test_csv_xlsx_and_api_carry_the_same_numbers(filled, as_user):
    client = as_user(filled.coordinator)
    params = {"year": filled.year.pk, "stage": "primary"}
    api = client.get("/api/v1/dashboard/", params).json()
    label = {c["key"]: c["label"] for c in api["columns"]}
    lines = _csv_rows(client.get(reverse("reports_dashboard_csv"), params))
    header, rows = lines[0], lines[1:]
    assert header == [c["label"] for c in api["columns"]]
    assert [r[0] for r in rows] == [filled.school.name]
    csv_cells = dict(zip(header, rows[0], strict=True))
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("reports_dashboard_xlsx"), params).content))
    xlsx_rows = list(book.active.iter_rows(values_only=True))
    assert list(xlsx_rows[0]) == header
    xlsx_cells = dict(zip(header, xlsx_rows[1], strict=True))
    school = api["schools"][0]
    assert school["name"] == filled.school.name
    share = label["roles_share"]
    assert csv_cells[share] == "50" and xlsx_cells[share] == 50 and school["cells"]["roles_share"] == 50
    assert school["roles_tool"]["share_with_acts"] == 50
    score = label["evaluation"]
    assert csv_cells[score] == "3,00" and xlsx_cells[score] == 3.0
    assert school["evaluation"]["score"] == "3.00" and school["evaluation"]["change"] == "0.50"
    assert csv_cells[label["evaluation_change"]] == "0,50" and xlsx_cells[label["evaluation_change"]] == 0.5
    done = label["yearclock_done"]
    assert csv_cells[done] == xlsx_cells[done] == school["cells"]["yearclock_done"]
    tiers = [label[k] for k in label if k.startswith("tier_")]
    assert [csv_cells[h] for h in tiers] == ["16 %", "<5"]
    assert [xlsx_cells[h] for h in tiers] == ["16 %", "<5"]
    assert sorted(school["absences"]["tiers"].values()) == ["16 %", "<5"]


def test_api_is_in_the_openapi_schema(filled, as_user):
    schema = as_user(filled.coordinator).get(reverse("api-schema")).content.decode()
    assert "/api/v1/dashboard/" in schema


# --- Queries: the same for 5 and for 50 schools ----------------------------------------------------------


def _count(client, url, params=None) -> int:
    client.get(url, params or {})
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _add_schools(city, upto: int) -> None:
    have = city.municipality.schools.count()
    for i in range(have, upto):
        school = SchoolFactory(municipality=city.municipality, name=f"Koulu nro {i:03d}")
        fill_school(school, city.year, owner=city.teacher, previous_year=city.previous_year)


def test_dashboard_files_and_api_in_constant_queries_for_5_and_50_schools(filled, as_user):
    client = as_user(filled.coordinator)
    urls = [reverse(n) for n in DASHBOARD_URLS] + ["/api/v1/dashboard/"]
    _add_schools(filled, 5)
    small = {url: _count(client, url) for url in urls}
    _add_schools(filled, 50)
    large = {url: _count(client, url) for url in urls}
    assert small == large, (small, large)
    assert max(large.values()) <= 20, large
    assert filled.municipality.schools.count() == 50


def test_school_overview_and_home_card_queries_are_bounded(filled, as_user):
    client = as_user(filled.principal)
    url = reverse("reports_school_overview", args=[filled.school.pk])
    # The dashboard's 11 for one school, the late entries and action items (2), and the page's own.
    assert _count(client, url) <= 24
    home = client.get(reverse("home")).content.decode()
    assert "data-overview=" in home and url in home


def test_a_principal_of_two_schools_gets_both_on_the_home_card(filled, as_user):
    assign(filled.principal, filled.other_school, RoleKey.PRINCIPAL, filled.year)
    home = as_user(filled.principal).get(reverse("home")).content.decode()
    assert home.count("data-overview=") == 2
