"""Main flows of the foundation in a real browser: sign-in, home, languages, invitation, staff roles,
switching municipality; each page checked with axe-core on the way."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from roles.models import StaffAssignment
from schools.models import Membership, SchoolYear
from tests.helpers import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_principal_signs_in_and_sees_who_holds_which_role(city, sign_in, page):
    sign_in(city.principal)
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    expect(page.get_by_role("heading", level=1)).to_contain_text(city.principal.first_name)
    roster = page.locator("table").first
    expect(roster).to_contain_text(city.nurse.get_full_name())
    expect(roster).to_contain_text("Terveydenhoitaja")
    assert_accessible(page, context="home")


def test_language_switcher_changes_the_ui_and_keyboard_works(city, sign_in, page):
    sign_in(city.teacher)
    page.get_by_role("navigation", name="Kieli").get_by_role("link", name="Svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()
    # Keyboard only: the skip link is the first stop and moves focus to the main content.
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))
    page.get_by_role("navigation", name="Språk").get_by_role("link", name="English").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert_accessible(page, context="home in English")


def test_wrong_password_shows_an_error_and_stays_signed_out(city, page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Sähköpostiosoite").fill(city.teacher.email)
    page.get_by_label("Salasana").fill("väärä-salasana")
    page.get_by_role("button", name="Kirjaudu sisään").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page).to_have_url(re.compile("/accounts/login/"))
    assert_accessible(page, context="login with an error")


def test_coordinator_invites_a_person_who_sets_a_password_and_signs_in(city, sign_in, page, live_server):
    sign_in(city.coordinator)
    page.goto(f"{live_server.url}/people/")
    assert_accessible(page, context="people")
    page.goto(f"{live_server.url}/people/invite/")
    page.locator("#id_email").fill("uusi.opettaja@alfala.fi")
    page.locator("#id_first_name").fill("Uuno")
    page.locator("#id_last_name").fill("Uusi")
    page.locator("#id_title").fill("Luokanopettaja")
    assert_accessible(page, context="invite form")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".message.success")).to_be_visible()
    assert Membership.objects.filter(
        user__email="uusi.opettaja@alfala.fi", municipality=city.municipality
    ).exists()

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/invitation/\S+/", mail.outbox[0].body).group(0)
    path = link[link.index("/accounts/") :]
    page.locator("header form[action$='/logout/'] button").click()
    page.goto(live_server.url + path)
    page.locator("#id_new_password1").fill("Oma-uusi-salasana-77")
    page.locator("#id_new_password2").fill("Oma-uusi-salasana-77")
    page.locator("main form button[type=submit]").click()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Sähköpostiosoite").fill("uusi.opettaja@alfala.fi")
    page.get_by_label("Salasana").fill("Oma-uusi-salasana-77")
    page.get_by_role("button", name="Kirjaudu sisään").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Uuno")


def test_principal_assigns_removes_and_copies_staff(city, sign_in, page, live_server):
    next_year = SchoolYear.objects.create(
        municipality=city.municipality,
        starts_on=datetime.date(2027, 8, 9),
        ends_on=datetime.date(2028, 7, 31),
    )
    sign_in(city.principal)
    page.goto(f"{live_server.url}/schools/{city.school.pk}/staff/?year={city.year.pk}")
    assert_accessible(page, context="staff page")
    page.locator("#id_user").select_option(value=str(city.nurse.pk))
    page.locator("#id_role").select_option(label="Kuraattori")
    page.locator("form:has(#id_user) button[type=submit]").click()
    expect(page.locator(".message.success")).to_be_visible()
    assert StaffAssignment.objects.filter(
        user=city.nurse, role__key="social_worker", school_year=city.year
    ).exists()

    # Adding the same again is refused with a message; nothing is added.
    count = StaffAssignment.objects.count()
    page.locator("#id_user").select_option(value=str(city.nurse.pk))
    page.locator("#id_role").select_option(label="Kuraattori")
    page.locator("form:has(#id_user) button[type=submit]").click()
    expect(page.locator(".form-errors, .errorlist").first).to_be_visible()
    assert StaffAssignment.objects.count() == count

    # Copy this year's staff into next year.
    page.goto(f"{live_server.url}/schools/{city.school.pk}/staff/?year={next_year.pk}")
    page.locator(f"form[action$='/schools/{city.school.pk}/staff/copy/'] button").click()
    expect(page.locator(".message.success")).to_contain_text("4")
    assert StaffAssignment.objects.filter(school=city.school, school_year=next_year).count() == 4
    expect(page.locator("main")).to_contain_text(city.teacher.get_full_name())


def test_county_nurse_switches_municipality_in_the_header(city, other_city, sign_in, page):
    Membership.objects.create(user=city.nurse, municipality=other_city.municipality)
    sign_in(city.nurse)
    expect(page.locator("main")).to_contain_text(city.school.name)
    page.get_by_label("Kunta").select_option(label=other_city.municipality.name)
    page.locator("#municipality-switch ~ button").click()
    expect(page.locator(".message.success")).to_contain_text(other_city.municipality.name)
    expect(page.locator("main")).not_to_contain_text(city.school.name)


def test_teacher_cannot_manage_staff(city, sign_in, page, live_server):
    sign_in(city.teacher)
    response = page.goto(f"{live_server.url}/schools/{city.school.pk}/staff/")
    assert response.status == 403
    response = page.goto(f"{live_server.url}/people/")
    assert response.status == 403
