"""Phones (390 px): no main page is wider than the screen, for the principal, a teacher and the
coordinator; the staff page's person search is a styled field; error pages keep the layout."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from roles import services
from roles.models import ActSection, RoleKey
from schools.tenancy import resolve_actor
from tests.factories import role

pytestmark = pytest.mark.django_db(transaction=True)

WIDTH = 390


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": WIDTH, "height": 900}}


@pytest.fixture
def published(city):
    """A published tool with a revision (its table once stretched the page to 471 px)."""
    principal = resolve_actor(city.principal, city.municipality.pk)
    tool = services.tool_create(actor=principal, school=city.school, school_year=city.year)
    services.act_create(
        actor=principal,
        tool=tool,
        role=role(city.municipality, RoleKey.TEACHER),
        section=ActSection.objects.filter(municipality=city.municipality).order_by("order").first(),
        text="Opettaja kertoo luokalleen oppilashuollon palveluista syyslukukauden alussa.",
    )
    services.tool_publish(actor=principal, tool=tool)
    return tool


def main_pages(city, tool) -> list[str]:
    teacher_role = role(city.municipality, RoleKey.TEACHER)
    return [
        reverse("home"),
        reverse("school_list"),
        reverse("school_detail", args=[city.school.pk]),
        reverse("role_list"),
        reverse("section_list"),
        reverse("roles_tool_list"),
        reverse("roles_tool_detail", args=[tool.pk]),
        reverse("roles_tool_role", args=[tool.pk, teacher_role.pk]),
        reverse("roles_tool_revision", args=[tool.pk, 1]),
        reverse("my_role"),
        reverse("notification_list"),
        reverse("account"),
    ]


def assert_fits(page, url: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{url} is {width} px wide at {WIDTH} px"


@pytest.mark.parametrize("who", ["principal", "teacher", "coordinator"])
def test_main_pages_fit_a_390_px_screen(city, published, sign_in, page, live_server, who):
    person = getattr(city, who)
    sign_in(person)
    urls = main_pages(city, published)
    if who in ("principal", "coordinator"):
        urls.append(reverse("school_staff", args=[city.school.pk]))
    if who == "coordinator":
        urls += [
            reverse("member_list"),
            reverse("school_year_list"),
            reverse("member_detail", args=[city.teacher.pk]),
        ]
    for url in urls:
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        assert_fits(page, url)


def test_the_published_versions_pdf_link_is_on_screen(city, published, sign_in, page, live_server):
    sign_in(city.principal)
    page.goto(live_server.url + reverse("roles_tool_detail", args=[published.pk]))
    link = page.locator("section[aria-labelledby=revisions-heading] td a").last
    expect(link).to_be_visible()
    box = link.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH


def test_the_staff_pages_person_search_is_a_styled_field(city, sign_in, page, live_server):
    sign_in(city.principal)
    page.goto(live_server.url + reverse("school_staff", args=[city.school.pk]))
    field = page.get_by_role("searchbox")
    expect(field).to_be_visible()
    style = field.evaluate(
        "e => { const s = getComputedStyle(e); return [s.borderTopWidth, e.getBoundingClientRect().height, "
        "e.getBoundingClientRect().width] }"
    )
    assert style[0] == "2px"
    assert style[1] >= 44
    assert style[2] >= 150
    assert_fits(page, "staff")


def test_error_pages_fit_and_keep_the_layout(city, sign_in, page, live_server):
    sign_in(city.principal)
    for url, status in (
        ("/no-such-page/", 404),
        (reverse("member_list"), 403),
        (reverse("municipality_switch"), 405),
    ):
        response = page.goto(live_server.url + url)
        assert response.status == status
        expect(page.get_by_role("navigation", name="Päävalikko")).to_be_visible()
        assert_fits(page, url)
