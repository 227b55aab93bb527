"""The yearly evaluation as the principal does it, in a real browser: start this year's evaluation,
score the criteria with the radio scale, save, submit; the page is read-only afterwards. Every page
passes axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from reports.evaluation import services
from reports.models import EvaluationAnswer, SchoolEvaluation
from schools.tenancy import resolve_actor
from tests.helpers import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def criteria(city):
    coordinator = resolve_actor(city.coordinator)
    theme = services.theme_create(actor=coordinator, name="Opiskeluhuoltoryhmän toiminta")
    return [
        services.criterion_create(
            actor=coordinator, theme=theme, statement="Ryhmä kokoontuu säännöllisesti."
        ),
        services.criterion_create(actor=coordinator, theme=theme, statement="Oppilaat ovat mukana ryhmässä."),
    ]


def test_principal_fills_and_submits(city, criteria, sign_in, page, live_server):
    sign_in(city.principal)
    page.goto(f"{live_server.url}/evaluation/?year={city.year.pk}")
    assert_accessible(page, context="evaluation list")
    page.locator(f"#school-{city.school.pk}").get_by_role("button", name="Aloita arviointi").click()
    evaluation = SchoolEvaluation.objects.get(school=city.school, school_year=city.year)
    expect(page).to_have_url(f"{live_server.url}/evaluation/{evaluation.pk}/")
    assert_accessible(page, context="evaluation form")

    page.locator(f"#criterion-{criteria[0].pk}").get_by_label("4 – toteutuu täysin").check()
    page.locator(f"#criterion-{criteria[1].pk}").get_by_label("2 – toteutuu osittain").check()
    page.locator(f"#comment-{criteria[1].pk}").fill("Oppilaskunnan edustaja puuttui syksyllä.")
    page.get_by_label("Mikä onnistui, mitä kehitetään ensi vuonna").fill("Osallisuutta vahvistetaan.")
    page.get_by_role("button", name="Tallenna vastaukset").click()
    expect(page.locator(".messages")).to_contain_text("Vastaukset tallennettiin")
    assert sorted(EvaluationAnswer.objects.values_list("score", flat=True)) == [2, 4]

    page.get_by_role("button", name="Lähetä arviointi").click()
    expect(page.locator(".messages")).to_contain_text("Arviointi lähetettiin")
    evaluation.refresh_from_db()
    assert evaluation.status == "submitted"
    expect(page.locator("#evaluation-mean")).to_contain_text("3,00")  # Finnish decimal comma
    expect(page.get_by_role("button", name="Tallenna vastaukset")).to_have_count(0)
    assert_accessible(page, context="submitted evaluation")
