"""The city's dashboard as the coordinator uses it, in a real browser: open it from the menu, sort by a
column, filter by stage, drill down to a school's overview, download the CSV; every page passes axe."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import expect

from tests.factories import SchoolFactory
from tests.helpers import assert_accessible
from tests.reports.dashboard_data import fill_school

pytestmark = pytest.mark.django_db(transaction=True)


def test_coordinator_sorts_filters_drills_down_and_downloads(city, sign_in, page, live_server):
    fill_school(city.school, city.year, owner=city.teacher, previous_year=city.previous_year)
    SchoolFactory(municipality=city.municipality, name="Aakkoskoulu")
    sign_in(city.coordinator)
    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="Päävalikko").get_by_role("link", name="Raportit").click()
    expect(page).to_have_url(f"{live_server.url}/reports/")
    assert_accessible(page, context="dashboard")
    rows = page.locator("table.dashboard-table tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("Aakkoskoulu")

    # Sort by the share of roles with acts, largest first (two clicks on the header link).
    header = page.locator("th", has=page.locator('a[data-sort="roles_share"]'))
    header.locator("a").click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    page.locator('a[data-sort="roles_share"]').click()
    expect(page.locator("th", has=page.locator('a[data-sort="roles_share"]'))).to_have_attribute(
        "aria-sort", "descending"
    )
    expect(rows.first).to_contain_text(city.school.name)

    # Filter: upper secondary only.
    page.get_by_label("Vaihe").select_option("upper_secondary")
    page.get_by_role("button", name="Näytä").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(city.other_school.name)

    # The CSV of what is shown.
    with page.expect_download() as info:
        page.get_by_role("link", name="Lataa CSV").click()
    body = open(info.value.path(), encoding="utf-8-sig").read()  # noqa: PTH123, SIM115
    lines = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert [line[0] for line in lines[1:]] == [city.other_school.name]

    # Drill down: back to every school, then the filled school's overview.
    page.get_by_label("Vaihe").select_option("")
    page.get_by_role("button", name="Näytä").click()
    page.get_by_role("link", name=city.school.name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(city.school.name)
    expect(page.locator(".late-list")).to_contain_text("Syyskuu")
    assert_accessible(page, context="school overview")
    page.get_by_role("navigation", name="Koulun sivut").get_by_role("link", name="Vuosikello").click()
    expect(page).to_have_url(f"{live_server.url}/yearclock/{city.school.yearclocks.get().pk}/")


def test_dashboard_fits_a_390_px_screen_and_the_table_scrolls_in_its_box(city, sign_in, page, live_server):
    fill_school(city.school, city.year, owner=city.teacher, previous_year=city.previous_year)
    page.set_viewport_size({"width": 390, "height": 900})
    sign_in(city.coordinator)
    for url in ("/reports/", f"/reports/schools/{city.school.pk}/"):
        page.goto(live_server.url + url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
    page.goto(live_server.url + "/reports/")
    wrap = page.locator(".dashboard-wrap")
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth")
    assert_accessible(page, context="dashboard at 390 px")
