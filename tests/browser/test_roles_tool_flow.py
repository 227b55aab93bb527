"""The roles tool as the principal and the coordinator use it, in a real browser: carry last year's
tool over, confirm, send for review, publish, download the PDF; the coordinator edits a role
description and the published PDF stays as it was."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from roles import services
from roles.models import RoleKey, RolesTool, ToolState
from schools.tenancy import resolve_actor
from tests.helpers import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def pdf_text(data: bytes) -> str:
    """The PDF's text with hyphenated line ends joined (the PDF hyphenates Finnish with U+2010)."""
    run = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(run.stdout.decode().replace("\u2010\n", "").split())


@pytest.fixture
def last_years_tool(city):
    """A published 2025–2026 tool with an act for the teacher and the pupil roles."""
    principal = resolve_actor(city.principal)
    teacher = city.municipality.roles.get(key=RoleKey.TEACHER)
    services.role_update(
        actor=resolve_actor(city.coordinator),
        role=teacher,
        name_fi=teacher.name_fi,
        name_sv=teacher.name_sv,
        description="Alkuperäinen kuvaus ennen muutosta.",
        responsibilities=["Seuraa ryhmän hyvinvointia"],
    )
    tool = services.tool_create(actor=principal, school=city.school, school_year=city.previous_year)
    section = tool.school.municipality.act_sections.order_by("order").first()
    services.act_create(
        actor=principal,
        tool=tool,
        role=tool.roles.get(key=RoleKey.TEACHER),
        section=section,
        text="Luokan ryhmäyttäminen ennen syyslomaa",
        months=[8, 9],
        with_whom="verso-oppilaat",
    )
    services.act_create(
        actor=principal,
        tool=tool,
        role=tool.roles.get(key=RoleKey.PUPIL),
        section=section,
        text="Oppilaskunnan hallituksen jäsen on ryhmän pysyvä jäsen",
        months=[9],
    )
    services.tool_publish(actor=principal, tool=tool, today=city.previous_year.ends_on)
    return tool


def test_principal_carries_over_reviews_publishes_and_downloads_the_pdf(
    city, last_years_tool, sign_in, page, live_server
):
    sign_in(city.principal)
    page.goto(f"{live_server.url}/roles-tools/?year={city.year.pk}")
    assert_accessible(page, context="roles tool list")
    start = page.locator(f"#start-{city.school.pk}")
    start.locator("input[value=carry_over]").check()
    start.locator("button[type=submit]").click()
    tool = RolesTool.objects.get(school=city.school, school_year=city.year)
    expect(page).to_have_url(f"{live_server.url}/roles-tools/{tool.pk}/")
    assert tool.acts.filter(carried_over=True).count() == 2

    # The main button is the next step that can succeed: confirming the carried-over acts.
    expect(page.locator("[data-next-step]")).to_have_count(1)
    expect(page.locator("a[data-next-step=confirm_all]")).to_be_visible()

    # Publishing now asks first and says why it cannot be done; nothing changes.
    page.locator(f"a[href$='/roles-tools/{tool.pk}/publish/']").click()
    expect(page.locator("#publish-refusals")).to_contain_text("2")
    expect(page.locator("main form button[type=submit]")).to_have_count(0)
    assert_accessible(page, context="publish confirmation, refused")
    tool.refresh_from_db()
    assert tool.state == ToolState.DRAFT

    # Confirm all asks first, can be undone, and then confirmed again.
    page.goto(f"{live_server.url}/roles-tools/{tool.pk}/")
    page.locator("a[data-next-step=confirm_all]").click()
    expect(page.locator("[data-unconfirmed-acts] li")).to_have_count(2)
    assert_accessible(page, context="confirm all, asking first")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".message.success")).to_be_visible()
    assert tool.acts.filter(carried_over=True).count() == 0
    page.locator(f"form[action$='/roles-tools/{tool.pk}/confirm-all/undo/'] button").click()
    expect(page.locator(".message.success")).to_be_visible()
    assert tool.acts.filter(carried_over=True).count() == 2
    page.locator("a[data-next-step=confirm_all]").click()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("a[data-next-step=publish]")).to_be_visible()

    page.locator("button[value=submit_review]").click()
    tool.refresh_from_db()
    assert tool.state == ToolState.IN_REVIEW
    assert_accessible(page, context="roles tool in review")

    # The confirmation: the school year, who is told, the roles still without acts.
    page.locator("a[data-next-step=publish]").click()
    main = page.locator("main")
    expect(main).to_contain_text(city.year.name)
    expect(page.locator("[data-recipients]")).to_have_attribute("data-recipients", "3")
    expect(page.locator("[data-roles-without-acts] li")).to_have_count(tool.roles.count() - 2)
    assert_accessible(page, context="publish confirmation")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".message.success")).to_be_visible()
    tool.refresh_from_db()
    assert tool.state == ToolState.PUBLISHED
    # One document per state: the published version's handbook and slides, no draft.
    expect(page.locator("a[data-document]")).to_have_count(2)
    expect(page.locator("a[data-document=published]")).to_contain_text("1")
    expect(page.locator("a[data-document=published-slides]")).to_contain_text("1")
    expect(page.locator("a[data-document^=draft]")).to_have_count(0)

    with page.expect_download() as download_info:
        page.locator(f"a[href$='/roles-tools/{tool.pk}/revisions/1/pdf/']").first.click()
    text = pdf_text(Path(download_info.value.path()).read_bytes())
    for role in tool.roles.all():
        assert role.name_fi in text
    assert "Luokan ryhmäyttäminen ennen syyslomaa" in text
    assert "Oppilaskunnan hallituksen jäsen on ryhmän pysyvä jäsen" in text


def test_coordinator_edits_a_description_and_the_published_pdf_stays(
    city, last_years_tool, sign_in, page, live_server
):
    teacher_role = last_years_tool.roles.get(key=RoleKey.TEACHER)
    sign_in(city.coordinator)
    page.goto(f"{live_server.url}/roles-tools/{last_years_tool.pk}/")
    expect(page.locator("h1")).to_contain_text(city.school.name)
    page.goto(f"{live_server.url}/roles/{teacher_role.pk}/update/")
    page.locator("#id_description").fill("Uusi kuvaus opettajan roolista kaupungin mallissa.")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".message.success")).to_be_visible()

    revision_pdf = page.request.get(f"{live_server.url}/roles-tools/{last_years_tool.pk}/revisions/1/pdf/")
    assert revision_pdf.status == 200
    text = pdf_text(revision_pdf.body())
    assert "Alkuperäinen kuvaus ennen muutosta." in text
    assert "Uusi kuvaus" not in text
    working_pdf = page.request.get(f"{live_server.url}/roles-tools/{last_years_tool.pk}/pdf/")
    assert "Uusi kuvaus" in pdf_text(working_pdf.body())


def test_teacher_reads_the_published_tool_but_cannot_publish(
    city, last_years_tool, sign_in, page, live_server
):
    sign_in(city.teacher)
    page.goto(f"{live_server.url}/roles-tools/{last_years_tool.pk}/revisions/1/")
    expect(page.locator("main")).to_contain_text("Luokan ryhmäyttäminen ennen syyslomaa")
    assert_accessible(page, context="published revision")
    # The page offers no state buttons to a teacher; a forged POST with a valid CSRF token is refused.
    expect(page.locator("button[value=reopen]")).to_have_count(0)
    page.goto(f"{live_server.url}/roles-tools/{last_years_tool.pk}/")
    expect(page.locator("button[value=reopen]")).to_have_count(0)
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        f"{live_server.url}/roles-tools/{last_years_tool.pk}/state/",
        form={"action": "reopen", "csrfmiddlewaretoken": csrf},
        headers={"Referer": f"{live_server.url}/roles-tools/{last_years_tool.pk}/"},
    )
    assert response.status == 403
    assert "Ei käyttöoikeutta" in response.text()  # our refusal page, not the CSRF failure page
    last_years_tool.refresh_from_db()
    assert last_years_tool.state == ToolState.PUBLISHED
