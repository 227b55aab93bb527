"""Security probe, finding 3, in a real browser: a coordinator invites a person who already works in
another municipality; the coordinator sees only the typed address until the person signs in, finds the
invitation on their account page and accepts it; the person still starts in their own municipality and
the coordinator cannot rename them. Each page checked with axe-core on the way."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from schools.models import Membership
from tests.helpers import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def sign_out(page) -> None:
    page.locator("header form[action$='/logout/'] button").click()
    page.wait_for_load_state("networkidle")


def test_an_existing_account_is_invited_accepts_and_keeps_its_own_data(
    city, other_city, sign_in, page, live_server
):
    nurse = other_city.nurse
    nurse.first_name, nurse.last_name = "Sinikka", "Salonsaari"
    nurse.save()

    # Alfala's coordinator invites Betala's nurse, typing the address in capitals and other names.
    sign_in(city.coordinator)
    page.goto(f"{live_server.url}/people/invite/")
    page.locator("#id_email").fill(nurse.email.upper())
    page.locator("#id_first_name").fill("Väärä")
    page.locator("#id_last_name").fill("Nimi")
    page.locator("#id_title").fill("Koulupsykologi")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".message.success")).to_contain_text(nurse.email)
    expect(page).to_have_url(re.compile("/people/$"))
    invitations = page.get_by_role("region", name="Vastausta odottavat kutsut")
    expect(invitations).to_contain_text(nurse.email)
    expect(invitations).to_contain_text("kutsu odottaa vastausta")
    expect(page.locator("main")).not_to_contain_text("Salonsaari")
    assert not Membership.objects.filter(user=nurse, municipality=city.municipality).exists()
    assert_accessible(page, context="people with a pending invitation")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [nurse.email]
    sign_out(page)

    # The nurse signs in and lands on her account page with the invitation.
    sign_in(nurse)
    expect(page).to_have_url(re.compile("/account/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Omat tiedot")
    assert_accessible(page, context="account page with an invitation")
    page.get_by_role("button", name=f"Hyväksy ja liity: {city.municipality.name}").click()
    expect(page.locator(".message.success")).to_contain_text(f"Liityit kuntaan {city.municipality.name}.")
    expect(page.get_by_role("region", name="Vastaustasi odottavat kutsut")).to_have_count(0)
    membership = Membership.objects.get(user=nurse, municipality=city.municipality)
    assert (membership.title, membership.is_active) == ("Koulupsykologi", True)

    # Alfala sorts before Betala, yet she still works in Betala until she switches.
    switcher = page.get_by_label("Kunta")
    expect(switcher.locator("option[selected]")).to_have_text(other_city.municipality.name)
    page.goto(f"{live_server.url}/")
    expect(page.locator("main")).to_contain_text(other_city.municipality.name)
    sign_out(page)

    # Now the coordinator sees her, but cannot change her name or language: only she can.
    sign_in(city.coordinator)
    page.goto(f"{live_server.url}/people/")
    expect(page.locator("main table")).to_contain_text("Sinikka Salonsaari")
    page.goto(f"{live_server.url}/people/{nurse.pk}/update/")
    expect(page.locator("#id_first_name")).to_be_disabled()
    expect(page.locator("#id_preferred_language")).to_be_disabled()
    page.locator("#id_title").fill("Psykologi")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".message.success")).to_be_visible()
    nurse.refresh_from_db()
    assert (nurse.first_name, nurse.last_name) == ("Sinikka", "Salonsaari")
    assert Membership.objects.get(user=nurse, municipality=city.municipality).title == "Psykologi"


def test_the_person_chooses_the_default_municipality(city, other_city, sign_in, page, live_server):
    Membership.objects.create(user=other_city.nurse, municipality=city.municipality)
    sign_in(other_city.nurse)
    page.goto(f"{live_server.url}/account/")
    page.get_by_label(city.municipality.name).check()
    page.get_by_role("button", name="Tallenna oletuskunta").click()
    expect(page.locator(".message.success")).to_contain_text(
        f"{city.municipality.name} on nyt oletuskuntasi."
    )
    assert_accessible(page, context="account page")
    other_city.nurse.refresh_from_db()
    assert other_city.nurse.default_municipality == city.municipality
