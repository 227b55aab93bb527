"""Regressions found walking through the yearclock in a browser (QA of issue 10)."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from yearclock import home_cards
from yearclock.services import clocks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def default_language_after():
    """A request in Swedish leaves Swedish active in the thread; later tests expect the default."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_a_months_entries_are_listed_in_the_wheels_number_order(city, clock, as_user, actor_for):
    principal = actor_for(city.principal)
    # Added first (lower order) but ends later: the wheel numbers it after the August-only entry.
    longer = clocks.entry_add(actor=principal, yearclock=clock, theme="Pitkä", start_month=8, end_month=10)
    shorter = clocks.entry_add(actor=principal, yearclock=clock, theme="Lyhyt", start_month=8, end_month=8)
    page = as_user(city.principal).get(reverse("yearclock_detail", args=[clock.pk]))
    numbers = {e.pk: e.number for month in page.context["months"] for e in month["entries"]}
    assert numbers[shorter.pk] < numbers[longer.pk]
    august = next(m for m in page.context["months"] if m["month"] == 8)
    listed = [e.number for e in august["entries"]]
    assert listed == sorted(listed)
    html = page.content.decode()
    assert html.index(f'id="entry-{shorter.pk}"') < html.index(f'id="entry-{longer.pk}"')


def test_the_feed_page_has_the_yearclock_styles_for_the_address_field(city, clock, as_user):
    page = as_user(city.principal).post(reverse("yearclock_feed", args=[clock.pk]), {"action": "create"})
    html = page.content.decode()
    assert 'class="yc-feed-url"' in html
    assert "css/yearclock" in html  # without it the address field is a few characters wide


def test_the_home_cards_entries_link_to_the_entry(city, clock, as_user, monkeypatch):
    monkeypatch.setattr(home_cards, "_today", lambda: datetime.date(2026, 10, 12))
    entry = clock.entries.get(theme="Kiusaamiskysely")
    html = as_user(city.principal).get(reverse("home")).content.decode()
    assert f'href="{reverse("yearclock_detail", args=[clock.pk])}#entry-{entry.pk}"' in html


def test_hidden_button_labels_follow_the_language(city, clock, as_user, actor_for):
    entry = clocks.entry_add(
        actor=actor_for(city.principal),
        yearclock=clock,
        theme="Välituntien pelisäännöt",
        theme_sv="Rastens spelregler",
        start_month=1,
        end_month=1,
    )
    # The person's own language decides the page's.
    city.principal.preferred_language = "sv"
    city.principal.save(update_fields=["preferred_language"])
    client = as_user(city.principal)
    html = client.get(reverse("yearclock_detail", args=[clock.pk])).content.decode()
    assert '<span class="visually-hidden"> – Välituntien pelisäännöt</span>' not in html
    assert '<span class="visually-hidden"> – Rastens spelregler</span>' in html
    assert entry.pk
