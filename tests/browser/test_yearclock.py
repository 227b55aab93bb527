"""The yearclock as the principal uses it, in a real browser: make the year's yearclock from the city's
template, move an entry to another month, add a school's own entry; every page passes axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from schools.tenancy import resolve_actor
from tests.helpers import assert_accessible
from yearclock.models import EntrySource, Yearclock
from yearclock.services import template

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def city_template(city):
    coordinator = resolve_actor(city.coordinator)
    template.template_entry_create(actor=coordinator, theme="Ryhmäytyminen", start_month=8, end_month=9)
    template.template_entry_create(
        actor=coordinator, theme="Kiusaamiskysely", start_month=10, end_month=10, weeks=[40]
    )
    template.template_entry_create(
        actor=coordinator, theme="Lukuvuoden arviointi", start_month=5, end_month=5
    )


def test_principal_creates_moves_and_adds(city, city_template, sign_in, page, live_server):
    sign_in(city.principal)
    page.goto(f"{live_server.url}/yearclock/?year={city.year.pk}")
    assert_accessible(page, context="yearclock list")
    page.get_by_role("button", name="Luo kaupungin mallista").click()
    clock = Yearclock.objects.get(school=city.school, school_year=city.year)
    expect(page).to_have_url(f"{live_server.url}/yearclock/{clock.pk}/")
    expect(page.locator(".messages")).to_contain_text("tehtiin kaupungin mallista")
    assert clock.entries.filter(source=EntrySource.CITY).count() == 3
    assert_accessible(page, context="yearclock detail")

    # Move the bullying survey from October to November.
    survey = clock.entries.get(theme="Kiusaamiskysely")
    page.locator(f"#entry-{survey.pk}").get_by_role("link", name="Siirrä").click()
    assert_accessible(page, context="move form")
    page.get_by_label("Alkukuukausi").select_option("11")
    page.get_by_label("Loppukuukausi").select_option("11")
    page.get_by_role("button", name="Siirrä").click()
    expect(page.locator(".messages")).to_contain_text("siirrettiin")
    survey.refresh_from_db()
    assert (survey.start_month, survey.end_month) == (11, 11)
    expect(page.locator("#month-11").locator("xpath=..")).to_contain_text("Kiusaamiskysely")

    # Add a school's own entry with an owner.
    page.get_by_role("link", name="Lisää koulun oma kohta").click()
    assert_accessible(page, context="entry form")
    page.get_by_label("Teema", exact=True).fill("Välituntitoiminta")
    page.get_by_label("Alkukuukausi").select_option("1")
    page.get_by_label("Loppukuukausi").select_option("3")
    page.get_by_label("Vastuuhenkilö").select_option(str(city.teacher.pk))
    page.get_by_role("button", name="Tallenna").click()
    expect(page.locator(".messages")).to_contain_text("Välituntitoiminta")
    own = clock.entries.get(theme="Välituntitoiminta")
    assert own.source == EntrySource.SCHOOL and own.owner == city.teacher and own.months == [1, 2, 3]
    expect(page.locator(f"#entry-{own.pk}")).to_contain_text("koulun oma")
    assert_accessible(page, context="yearclock detail after changes")
