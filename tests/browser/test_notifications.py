"""The inbox in a real browser: a county nurse follows the header's unread count to the inbox of both
her municipalities, marks items read and chooses a daily summary; each page checked with axe-core."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from notifications import services
from notifications.kinds import Message, NotificationKind, kinds, register_kind
from notifications.models import NotificationPreference
from notifications.sender import send_due
from schools.models import Membership
from tests.helpers import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)
KIND = "browser_notice"


@pytest.fixture
def notice():
    register_kind(
        NotificationKind(
            key=KIND,
            label="Selaintiedote",
            compose=lambda row: Message(subject=f"Tiedote {row.slot}", text="Tiedote", link="/"),
        )
    )
    yield
    kinds.unregister(KIND)


def test_county_nurse_reads_her_notifications_and_chooses_a_summary(city, other_city, notice, sign_in, page):
    Membership.objects.create(user=city.nurse, municipality=other_city.municipality)
    for town, slot in ((city, "alfa"), (other_city, "beta")):
        services.schedule(
            kind=KIND,
            subject=town.school,
            recipients=[city.nurse],
            due_at=timezone.now(),
            municipality=town.municipality,
            slot=slot,
        )
    send_due()

    sign_in(city.nurse)
    header_link = page.locator("header a.notifications-link")
    expect(header_link).to_contain_text("2 lukematonta")
    header_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ilmoitukset")
    items = page.locator(".notification-list > li")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text(other_city.municipality.name)
    expect(items.nth(1)).to_contain_text(city.municipality.name)
    assert_accessible(page, context="inbox")

    # Each button names its item for screen readers ("Merkitse luetuksi: Tiedote beta").
    items.nth(0).get_by_role("button", name=re.compile(r"^Merkitse luetuksi\s*:\s*Tiedote beta$")).click()
    expect(header_link).to_contain_text("1 lukematon")
    page.get_by_role("button", name="Merkitse kaikki luetuiksi").click()
    expect(page.locator(".message.success")).to_be_visible()
    expect(header_link).not_to_contain_text("lukemat")

    page.get_by_role("link", name="Ilmoitusasetukset").click()
    assert_accessible(page, context="notification settings")
    page.get_by_role("group", name="Selaintiedote").get_by_label("Päivän koosteena sähköpostiin").check()
    page.get_by_role("button", name="Tallenna asetukset").click()
    expect(page.locator(".message.success")).to_be_visible()
    assert NotificationPreference.objects.get(user=city.nurse, kind=KIND).channel == "digest"
