"""A history in a real browser: inserted words are marked without an underline (never mistaken for
a link), deleted words are struck through, and the page passes axe-core (contrast included)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roles import services
from roles.models import RoleKey
from schools.tenancy import resolve_actor
from tests.factories import role
from tests.helpers import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_role_history_marks_words_clearly_and_accessibly(city, sign_in, page, live_server):
    teacher = role(city.municipality, RoleKey.TEACHER)
    lines = [r.text for r in teacher.responsibilities.all()]
    services.role_update(
        actor=resolve_actor(city.coordinator, None),
        role=teacher,
        name_fi=teacher.name_fi,
        name_sv=teacher.name_sv,
        description=teacher.description.replace("huolehtii koulun", "huolehtii aina koulun").replace(
            "yhdessä koulun muiden", "koulun muiden"
        ),
        responsibilities=[lines[0] + " viikoittain", *lines[2:], "Uusi tehtävä"],
    )

    sign_in(city.coordinator)
    page.goto(live_server.url + reverse("role_history", args=[teacher.pk]))

    inserted = page.locator("ins.diff").first
    deleted = page.locator("del.diff").first
    seen = "el => [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('')"
    assert inserted.evaluate(seen).strip() == "aina"
    assert deleted.evaluate(seen).strip() == "yhdessä"
    style = "(el, p) => getComputedStyle(el).getPropertyValue(p)"
    assert inserted.evaluate(style, "text-decoration-line") == "none"
    assert "line-through" in deleted.evaluate(style, "text-decoration-line")
    assert inserted.evaluate(style, "background-color") != "rgba(0, 0, 0, 0)"
    # The screen-reader words are there but not seen.
    hidden = page.locator("ins.diff .visually-hidden").first
    assert hidden.inner_text().strip() == "lisätty:"
    assert hidden.bounding_box()["width"] <= 1
    assert_accessible(page, context="role history")
