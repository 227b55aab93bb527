"""Absence follow-up in a real browser: the principal imports a day-level CSV (and sees a broken one
refused with line numbers), the homeroom teacher works the signal into a case with a plan, the nurse
added to the team sees it and, removed, gets 404. Every page visited passes axe."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from absences.models import AbsenceDay, AbsenceImport, FollowUpCase, Signal
from absences.standings import recompute_for_school
from tests.absences.helpers import day_file
from tests.absences.setup import model_with, month, pupil
from tests.helpers import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def upload(page, live_server, city, name: str, content: bytes) -> None:
    page.goto(f"{live_server.url}/absences/imports/new/")
    page.get_by_label("Koulu").select_option(str(city.school.pk))
    page.get_by_label("Lukuvuosi").select_option(str(city.year.pk))
    page.get_by_label("Tiedosto").set_input_files({"name": name, "mimeType": "text/csv", "buffer": content})
    page.get_by_role("button", name="Lataa ja esikatsele").click()
    page.wait_for_load_state("networkidle")


def test_principal_imports_a_csv_of_their_own_and_a_broken_one(city, sign_in, page, live_server):
    sign_in(city.principal, totp_key=True)
    page.goto(f"{live_server.url}/absences/imports/new/")
    assert_accessible(page, context="absence upload")

    rows = ["1001;Aino;Aalto;7A;2026-09-01;6;2;0;0", "1002;Eero;Eskola;7B;2.9.2026;6;0;1;0"]
    upload(page, live_server, city, "omat.csv", day_file(rows))
    expect(page.get_by_role("button", name="Tallenna ja esikatsele")).to_be_visible()
    assert_accessible(page, context="column mapping")
    page.get_by_role("button", name="Tallenna ja esikatsele").click()
    expect(page.locator("#rows")).to_have_text("2")
    expect(page.locator("#pupils-new")).to_have_text("2")
    expect(page.get_by_text("Aino Aalto")).to_be_visible()
    assert_accessible(page, context="import preview")
    assert not AbsenceDay.objects.exists()

    page.get_by_role("button", name="Vahvista ja tuo").click()
    page.wait_for_load_state("networkidle")
    for _ in range(10):  # the task is eager; a page rendered while it ran refreshes itself every 2 s
        if page.locator("#result").count():
            break
        page.wait_for_timeout(1000)
        page.reload()
    expect(page.locator("#result")).to_be_visible()
    assert AbsenceImport.objects.get(filename="omat.csv").state == "done"
    assert AbsenceDay.objects.count() == 2
    assert_accessible(page, context="import result")

    broken = ["1003;Ilona;Ilola;7A;2026-09-03;4;3;2;0", "1004;Oona;Orava;7A;31.2.2026;6;0;0;0"]
    upload(page, live_server, city, "rikki.csv", day_file(broken))
    page.get_by_role("button", name="Tallenna ja esikatsele").click()
    errors = page.locator("#errors")
    expect(errors).to_contain_text("Rivi 2")
    expect(errors).to_contain_text("Rivi 3")
    expect(page.get_by_role("button", name="Vahvista ja tuo")).to_have_count(0)
    assert_accessible(page, context="import preview with row errors")
    assert AbsenceDay.objects.count() == 2


def test_teacher_works_a_signal_into_a_case_and_the_nurse_sees_it_while_in_the_team(
    city, sign_in, page, live_server, actor_for
):
    (tier,) = model_with(city, {"kind": "percent", "threshold": 10, "name_fi": "Tehostettu seuranta"})
    kid = pupil(city, teacher=city.teacher)
    month(kid, city.year, datetime.date(2026, 9, 1), held=100, unexcused=15)
    recompute_for_school(city.school, city.year, today=datetime.date(2026, 10, 1))
    assert Signal.objects.get(pupil=kid, tier=tier).recipient == city.teacher

    sign_in(city.teacher, totp_key=True)
    page.goto(f"{live_server.url}/absences/signals/")
    expect(page.get_by_role("link", name=kid.full_name)).to_be_visible()
    assert_accessible(page, context="signals")
    page.get_by_role("link", name=re.compile("Avaa")).first.click()
    assert_accessible(page, context="opening a case")
    page.get_by_role("button", name=re.compile("Avaa")).click()
    page.wait_for_load_state("networkidle")
    case = FollowUpCase.objects.get(pupil=kid)
    assert page.url.endswith(f"/absences/cases/{case.pk}/")
    assert_accessible(page, context="case")

    page.get_by_role("button", name=re.compile("Merkitse tehdyksi")).first.click()
    page.wait_for_load_state("networkidle")
    assert case.steps.order_by("order").first().done_at is not None
    expect(page.locator(".checklist .badge").first).to_have_text("Tehty")

    page.get_by_role("link", name="Kirjoita suunnitelma").click()
    page.get_by_label("Tavoitteet").fill("Aino on koulussa joka päivä.")
    page.get_by_label("Toimenpiteet").fill("Aamuisin tekstiviesti huoltajalle.")
    page.get_by_label("Arviointipäivä").fill("2027-01-15")
    assert_accessible(page, context="plan form")
    page.get_by_role("button", name="Tallenna suunnitelma").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#plan")).to_contain_text("Aamuisin tekstiviesti huoltajalle.")

    page.get_by_label("Henkilö", exact=True).select_option(str(city.nurse.pk))
    page.get_by_role("button", name="Lisää tiimiin").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(f'#team li[data-user="{city.nurse.pk}"]')).to_be_visible()

    page.context.clear_cookies()
    sign_in(city.nurse, totp_key=True)
    page.goto(f"{live_server.url}/absences/cases/{case.pk}/")
    expect(page.locator("#plan")).to_contain_text("Aamuisin tekstiviesti huoltajalle.")
    assert_accessible(page, context="case as a team member")

    from absences.services.cases import team_remove

    team_remove(actor_for(city.teacher), case, city.nurse)
    response = page.goto(f"{live_server.url}/absences/cases/{case.pk}/")
    assert response.status == 404
