"""The product's rule for texts shared beyond their writer: no personal identity codes.

Registered in `core.registries.text_guards` by `SchoolsConfig.ready()`. The detector is core's
(`core.identity_codes`, a plain function with no domain in it); the decision and its message are the
product's — communal student welfare never handles an individual pupil's matters — so they live in the
lowest domain app. Every app that saves shared text sits above schools, so the guard is registered
before any of them runs, and core stays free of domain rules.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.identity_codes import contains_identity_code
from core.registries import TextGuard, register_text_guard


def refuse_identity_codes(text: str) -> str | None:
    if contains_identity_code(text):
        return _(
            "A personal identity code cannot be saved here: communal student welfare never handles an "
            "individual pupil's matters."
        )
    return None


def register() -> None:
    # "shared": texts every staff member reads; "group": the communal groups' agendas and minutes.
    register_text_guard(
        TextGuard(name="identity_codes", check=refuse_identity_codes, scopes=frozenset({"shared", "group"}))
    )
