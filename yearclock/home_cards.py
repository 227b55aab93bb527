"""The yearclock's card on each person's home page (registered in YearclockConfig.ready)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from core.registries import HomeCard, register_home_card
from schools.tenancy import Actor

from . import selectors


def _today():
    return timezone.localdate()


def this_month(request: HttpRequest, actor: Actor, shared: dict) -> dict | None:
    """The month's entries the person owns, and a principal's school's entries of the month, with their
    status (two queries whatever the number of entries)."""
    today = _today()
    entries = selectors.month_entries_of_person(actor.municipality.pk, actor.user.pk, today)
    if not entries:
        return None
    schools: dict = {}
    for entry in entries:
        schools.setdefault(entry.yearclock.school, []).append(entry)
    return {"yearclock_month": today, "yearclock_schools": list(schools.items()), "me": actor.user}


def register() -> None:
    register_home_card(HomeCard("yearclock.this_month", "yearclock/home/this_month.html", this_month, 25))
