"""The absences app's card on a person's home page: how many new signals per tier, never a name
(the names are on the signals page, behind the second factor)."""

from __future__ import annotations

from django.http import HttpRequest

from core.content import localized
from core.registries import HomeCard, register_home_card
from schools.tenancy import Actor

from . import selectors


def absence_signals(request: HttpRequest, actor: Actor, shared: dict) -> dict | None:
    rows = selectors.new_signal_counts(actor)
    if not rows:
        return None
    return {
        "absence_signal_rows": [
            {"tier": localized(r["tier__name_fi"], r["tier__name_sv"]), "count": r["count"]} for r in rows
        ]
    }


def register() -> None:
    register_home_card(HomeCard("absences.signals", "absences/home/signals.html", absence_signals, 8))
