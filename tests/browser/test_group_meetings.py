"""The principal convenes a meeting in a real browser: agenda, invitations, minutes and approval."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from groups.models import Meeting, MinutesState
from tests.helpers import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_principal_convenes_invites_and_approves_minutes(city, school_group, sign_in, page, live_server):
    sign_in(city.principal)
    page.goto(f"{live_server.url}/groups/{school_group.pk}/meetings/new/")
    day = timezone.localdate() + datetime.timedelta(days=10)
    page.get_by_label("Päivämäärä").fill(day.isoformat())
    page.get_by_label("Alkaa").fill("13:00")
    page.get_by_label("Päättyy").fill("14:30")
    page.get_by_label("Paikka").fill("Kirjasto")
    page.get_by_role("button", name="Luo kokous").click()
    meeting = Meeting.objects.get(group=school_group)
    expect(page).to_have_url(f"{live_server.url}/meetings/{meeting.pk}/")
    expect(page.locator("main")).to_contain_text("yksittäisen oppilaan asioita")
    assert_accessible(page, context="meeting detail")

    page.get_by_role("link", name="Lisää asia").first.click()
    page.get_by_label("Asia", exact=True).fill("Kouluhyvinvointikysely")
    page.get_by_role("button", name="Lisää esityslistalle").click()
    expect(page.locator("#agenda-section")).to_contain_text("Kouluhyvinvointikysely")

    page.get_by_role("button", name="Lähetä kutsut").click()
    expect(page.locator(".messages")).to_contain_text("2 kutsua")
    expect(page.locator("[data-invitations]")).to_contain_text("versio 1")

    # The meeting is held: move it to yesterday behind the pages' back, then write the minutes.
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=meeting.starts_at - datetime.timedelta(days=11),
        ends_at=meeting.ends_at - datetime.timedelta(days=11),
    )
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/minutes/")
    assert_accessible(page, context="minutes form")
    page.get_by_label("Pöytäkirja").first.fill("Tulokset käsiteltiin.")
    page.get_by_label("Päätös").first.fill("Kysely toistetaan keväällä.")
    page.get_by_role("button", name="Tallenna luonnos").click()
    page.get_by_role("link", name="Hyväksy pöytäkirja…").click()
    page.get_by_role("button", name="Hyväksy ja lähetä jäsenille").click()
    expect(page.locator("[data-minutes-state]")).to_contain_text("Hyväksytty")
    assert Meeting.objects.get(pk=meeting.pk).minutes_state == MinutesState.APPROVED


def test_the_time_and_link_fields_are_as_wide_and_tall_as_the_date(
    city, school_group, sign_in, page, live_server
):
    # QA found the time and online-link inputs at the browser's tiny default size beside a styled date field.
    sign_in(city.principal)
    page.goto(f"{live_server.url}/groups/{school_group.pk}/meetings/new/")
    date = page.get_by_label("Päivämäärä").bounding_box()
    for label in ("Alkaa", "Päättyy", "Etäyhteyden linkki"):
        box = page.get_by_label(label).bounding_box()
        assert abs(box["width"] - date["width"]) < 2 and abs(box["height"] - date["height"]) < 2, label
    assert_accessible(page, context="meeting form")
