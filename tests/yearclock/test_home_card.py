"""The home page's "This month in the yearclock" card: the person's own entries of the month, and the
principal's school's, with their status; constant queries."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from tests.helpers import assert_queries_constant
from yearclock import home_cards
from yearclock.models import EntryStatus
from yearclock.services import clocks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_october(monkeypatch):
    monkeypatch.setattr(home_cards, "_today", lambda: datetime.date(2026, 10, 12))


def home(client) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_owner_and_principal_see_the_months_entries(city, clock, actor_for, as_user):
    principal = actor_for(city.principal)
    mine = clocks.entry_add(
        actor=principal,
        yearclock=clock,
        theme="Vanhempainilta",
        start_month=10,
        end_month=10,
        owner=city.teacher,
    )
    clocks.entry_set_status(actor=principal, entry=mine, status=EntryStatus.IN_PROGRESS)
    clocks.entry_add(actor=principal, yearclock=clock, theme="Kevätjuhla", start_month=5, end_month=5)

    page = home(as_user(city.principal))
    assert "This month in the yearclock" in page
    assert "Vanhempainilta" in page and "Kiusaamiskysely" in page and "In progress" in page
    assert "Kevätjuhla" not in page

    page = home(as_user(city.teacher))
    assert "Vanhempainilta" in page and "yours" in page
    assert "Kiusaamiskysely" not in page  # not the teacher's

    assert "This month in the yearclock" not in home(as_user(city.nurse))


def test_the_card_takes_constant_queries(city, clock, actor_for, rf):
    principal = actor_for(city.principal)
    request = rf.get("/")
    counter = iter(range(100))

    def grow():
        for _ in range(5):
            clocks.entry_add(
                actor=principal,
                yearclock=clock,
                theme=f"Aihe {next(counter)}",
                start_month=10,
                end_month=10,
                owner=city.teacher,
            )

    def card():
        return home_cards.this_month(request, principal, {"school_year": city.year})

    assert_queries_constant(card, grow, at_most=3)
    assert len(card()["yearclock_schools"][0][1]) == 6  # Kiusaamiskysely and the five
