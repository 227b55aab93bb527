"""The teacher's home page as a to-do list, in a real browser: the link under their role leads
straight into that role's acts in their school's roles tool."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from roles import services
from roles.models import RoleKey
from schools.tenancy import resolve_actor
from tests.helpers import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_teacher_follows_the_home_page_link_into_their_roles_acts(city, sign_in, page, live_server):
    principal = resolve_actor(city.principal)
    tool = services.tool_create(actor=principal, school=city.school, school_year=city.year)
    teacher_role = tool.roles.get(key=RoleKey.TEACHER)
    services.act_create(
        actor=principal,
        tool=tool,
        role=teacher_role,
        section=city.municipality.act_sections.order_by("order").first(),
        text="Luokan ryhmäyttäminen ennen syyslomaa",
        months=[9],
        with_whom="",
    )
    services.tool_set_deadline(
        actor=principal, tool=tool, deadline=timezone.localdate() + datetime.timedelta(days=14)
    )

    sign_in(city.teacher)
    page.goto(f"{live_server.url}/")
    card = page.locator("#my-roles").locator("xpath=..")
    expect(card).to_contain_text("14 päivää jäljellä")
    expect(card).to_contain_text("1 teko")
    assert_accessible(page, context="teacher's home")
    card.get_by_role("link", name=f"Avaa roolin {teacher_role.name_fi} teot").click()
    expect(page).to_have_url(f"{live_server.url}/roles-tools/{tool.pk}/roles/{teacher_role.pk}/")
    expect(page.locator("main")).to_contain_text("Luokan ryhmäyttäminen ennen syyslomaa")
