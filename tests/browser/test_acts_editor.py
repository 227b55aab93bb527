"""The practical-acts editor in a real browser: the teacher adds, reorders and edits the teacher role's
acts in place (htmx, no page reload), cannot touch the nurse's, and the page passes axe-core with the
edit form open. Controls are found by id and data, not by copy."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from roles import services
from roles.models import ActSection, PracticalAct, RoleKey
from schools.tenancy import resolve_actor
from tests.factories import role
from tests.helpers import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_teacher_adds_reorders_and_edits_acts_in_place(city, sign_in, page, live_server):
    principal = resolve_actor(city.principal, None)
    tool = services.tool_create(actor=principal, school=city.school, school_year=city.year)
    section = ActSection.objects.filter(municipality=city.municipality).order_by("order").first()
    teacher_role = role(city.municipality, RoleKey.TEACHER)
    nurse_role = role(city.municipality, RoleKey.SCHOOL_NURSE)
    services.act_create(
        actor=principal, tool=tool, role=nurse_role, section=section, text="Terveystarkastukset"
    )

    sign_in(city.teacher)
    page.goto(
        live_server.url + reverse("roles_tool_role", kwargs={"pk": tool.pk, "role_pk": teacher_role.pk})
    )
    # A marker on the window survives only if the page is never reloaded.
    page.evaluate("window.__notReloaded = true")
    acts = page.locator(f"#section-{section.pk} .act-item")

    # Add two acts; after each add the form stays open with the focus in its text box.
    page.locator(f"#section-{section.pk} details.add-act > summary").click()
    page.locator(f"#add-{section.pk}-text").fill("Ryhmäyttäminen 7. luokissa")
    page.locator(f"#add-{section.pk}-months_1").check()  # September
    page.locator(f"#add-{section.pk}-with_whom").fill("tukioppilaat")
    page.locator(f"#section-{section.pk} form.act-form button[type=submit]").click()
    expect(acts).to_have_count(1)
    expect(page.locator(f"#add-{section.pk}-text")).to_be_focused()
    page.locator(f"#add-{section.pk}-text").fill("Vanhempainilta syyskuussa")
    page.locator(f"#section-{section.pk} form.act-form button[type=submit]").click()
    expect(acts).to_have_count(2)
    first, second = PracticalAct.objects.filter(tool=tool, role=teacher_role).order_by("order")
    assert (first.text, first.months, first.with_whom) == ("Ryhmäyttäminen 7. luokissa", [9], "tukioppilaat")

    # Move the second up: the list shows the new order and the focus stays on the act's controls.
    page.locator(f"#act-{second.pk}-up").click()
    expect(acts.first).to_have_attribute("id", f"act-{second.pk}")
    expect(acts.nth(1)).to_have_attribute("id", f"act-{first.pk}")
    expect(page.locator(f"#act-{second.pk}-down")).to_be_focused()

    # Edit the first act in place; axe-core checks the page with the edit form open.
    page.locator(f"#act-{first.pk}-edit").click()
    text = page.locator(f"#act-{first.pk}-text")
    expect(text).to_be_focused()
    assert_accessible(page, context="acts editor with the edit form open")
    text.fill("Ryhmäyttäminen 7. luokissa ennen syyslomaa")
    page.locator(f"#act-{first.pk} form button[type=submit]").click()
    expect(page.locator(f"#act-{first.pk}")).to_contain_text("ennen syyslomaa")
    expect(page.locator(f"#act-{first.pk} textarea")).to_have_count(0)
    expect(page.locator(f"#act-{first.pk}-edit")).to_be_focused()
    expect(page.locator("#acts-status")).not_to_be_empty()

    assert page.evaluate("window.__notReloaded") is True
    assert list(
        PracticalAct.objects.filter(tool=tool, role=teacher_role).order_by("order").values_list("pk", "text")
    ) == [(second.pk, "Vanhempainilta syyskuussa"), (first.pk, "Ryhmäyttäminen 7. luokissa ennen syyslomaa")]

    # The nurse's acts: readable, with no edit control at all.
    page.goto(live_server.url + reverse("roles_tool_role", kwargs={"pk": tool.pk, "role_pk": nurse_role.pk}))
    expect(page.locator("#role-acts")).to_contain_text("Terveystarkastukset")
    expect(page.locator("#role-acts form")).to_have_count(0)
    expect(page.locator("#role-acts .act-controls")).to_have_count(0)
    assert_accessible(page, context="acts editor, read-only")
