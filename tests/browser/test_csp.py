"""The Content-Security-Policy in a real browser: the main pages, the htmx editor and Swagger UI run
without a single violation (an inline script, style or handler would be blocked and reported)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from roles import services
from roles.models import ActSection, PracticalAct, RoleKey
from schools.tenancy import resolve_actor
from tests.factories import role

pytestmark = pytest.mark.django_db(transaction=True)

# Collects every violation the page reports, before any of the page's own scripts run.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${where})`);
});
"""


@pytest.fixture
def watched(page):
    """The page, recording CSP violations from events and from the console."""
    page.add_init_script(RECORD_VIOLATIONS)
    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )

    def violations() -> list[str]:
        return [*page.evaluate("window.__cspViolations || []"), *console]

    page.csp_violations = violations
    return page


def assert_no_violations(page, where: str) -> None:
    found = page.csp_violations()
    assert not found, f"CSP violations on {where}: {found}"


def test_main_pages_run_without_violations(city, sign_in, watched, live_server):
    principal = resolve_actor(city.principal, None)
    tool = services.tool_create(actor=principal, school=city.school, school_year=city.year)
    watched.goto(f"{live_server.url}/accounts/login/")
    assert_no_violations(watched, "the sign-in page")
    sign_in(city.coordinator)
    pages = [
        reverse("home"),
        reverse("school_list"),
        reverse("school_detail", args=[city.school.pk]),
        reverse("school_staff", args=[city.school.pk]),
        reverse("school_year_list"),
        reverse("member_list"),
        reverse("member_invite"),
        reverse("role_list"),
        reverse("section_list"),
        reverse("roles_tool_list"),
        reverse("roles_tool_detail", args=[tool.pk]),
        reverse("accessibility"),
    ]
    for path in pages:
        response = watched.goto(live_server.url + path)
        assert response.status == 200, path
        assert response.headers["content-security-policy"]
        assert_no_violations(watched, path)


def test_htmx_edits_in_place_under_the_policy(city, sign_in, watched, live_server):
    """htmx is configured without inline styles or eval: an add and an in-place edit still work."""
    principal = resolve_actor(city.principal, None)
    tool = services.tool_create(actor=principal, school=city.school, school_year=city.year)
    section = ActSection.objects.filter(municipality=city.municipality).order_by("order").first()
    teacher_role = role(city.municipality, RoleKey.TEACHER)
    sign_in(city.teacher)
    watched.goto(
        live_server.url + reverse("roles_tool_role", kwargs={"pk": tool.pk, "role_pk": teacher_role.pk})
    )
    watched.evaluate("window.__notReloaded = true")
    assert watched.evaluate("htmx.config.includeIndicatorStyles") is False
    assert watched.evaluate("htmx.config.allowEval") is False

    watched.locator(f"#section-{section.pk} details.add-act > summary").click()
    watched.locator(f"#add-{section.pk}-text").fill("Ryhmäyttäminen")
    watched.locator(f"#section-{section.pk} form.act-form button[type=submit]").click()
    expect(watched.locator(f"#section-{section.pk} .act-item")).to_have_count(1)
    act = PracticalAct.objects.get(tool=tool, role=teacher_role)
    watched.locator(f"#act-{act.pk}-edit").click()
    watched.locator(f"#act-{act.pk}-text").fill("Ryhmäyttäminen syksyllä")
    watched.locator(f"#act-{act.pk} form button[type=submit]").click()
    expect(watched.locator(f"#act-{act.pk}")).to_contain_text("syksyllä")
    assert watched.evaluate("window.__notReloaded") is True
    assert_no_violations(watched, "the acts editor")


def test_swagger_ui_runs_under_its_policy(city, sign_in, watched, live_server):
    sign_in(city.coordinator)
    watched.goto(f"{live_server.url}/api/docs/")
    expect(watched.locator(".swagger-ui .info .title")).to_contain_text("Yhdessä API")
    expect(watched.locator(".opblock").first).to_be_visible()
    assert_no_violations(watched, "/api/docs/")
