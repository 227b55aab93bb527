"""The case pages: who sees a case (a removed team member, another teacher, the coordinator and
another town get the same 404), working it as the homeroom teacher, the access log of every view, and
a constant number of queries."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from absences.models import AccessLogEntry, CaseNote, CaseState, CaseStep, FollowUpCase, SupportPlan
from absences.services import cases as services
from roles.models import RoleKey
from tests.factories import assign, member
from tests.helpers import assert_queries_constant

from .helpers import verify

pytestmark = pytest.mark.django_db


def _without_nonces(content: bytes) -> bytes:
    """The page's main content (the header carries per-response tokens and the page's own address)."""
    return re.search(rb"<main.*</main>", content, re.S).group(0)


def detail(case):
    return reverse("absence_case_detail", args=[case.pk])


def test_an_unverified_session_is_sent_to_the_second_factor(client, city, open_case):
    client.force_login(city.teacher, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(detail(open_case))
    assert response.status_code == 302 and "next=" in response["Location"]
    assert not AccessLogEntry.objects.filter(user=city.teacher, action="read").exists()


def test_the_homeroom_teacher_opens_a_case_works_a_step_and_writes_a_plan(client, city, pupil, targeted):
    verify(client, city.teacher)
    page = client.get(reverse("absence_case_new") + f"?pupil={pupil.pk}")
    assert page.status_code == 200 and "Aino Oppilas" in page.content.decode()
    response = client.post(reverse("absence_case_new") + f"?pupil={pupil.pk}", {"tier": targeted.pk})
    case = FollowUpCase.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(case)

    page = client.get(detail(case)).content.decode()
    assert "Syiden selvittäminen" in page and "7B" in page
    assert "oppilashuoltorekisteriin" in page  # the expert-group reminder (Finnish: the default language)

    step = case.steps.first()
    client.post(reverse("absence_case_step", args=[step.pk]), {"action": "done"})
    step.refresh_from_db()
    assert step.done_at is not None

    client.post(reverse("absence_case_note", args=[case.pk]), {"text": "Soitin huoltajalle."})
    assert CaseNote.objects.get().text == "Soitin huoltajalle."

    plan_url = reverse("absence_case_plan", args=[case.pk])
    assert client.get(plan_url).status_code == 200
    fields = {
        "goals": "Läsnäolo yli 90 %", "measures": "Aamusoitto", "responsibilities": "Opettaja soittaa",
        "review_on": "2027-01-15", "agreed_with_pupil": "on",
    }  # fmt: skip
    response = client.post(plan_url, {"version": 0, **fields})
    assert response.status_code == 302
    assert SupportPlan.objects.get().version == 1
    # Someone saving on the version they loaded before: refused, the saved plan unchanged.
    response = client.post(plan_url, {"version": 0, **fields, "goals": "vanha"})
    assert response.status_code == 200 and "Joku muu tallensi suunnitelman" in response.content.decode()
    assert SupportPlan.objects.get().goals == "Läsnäolo yli 90 %"


def test_overdue_steps_are_marked(client, city, actor_for, open_case):
    step = open_case.steps.first()
    services.step_update(actor_for(city.teacher), step, due_on=datetime.date(2026, 9, 1))
    verify(client, city.teacher)
    page = client.get(detail(open_case)).content.decode()
    assert "Myöhässä" in page


def test_the_nurse_on_the_team_sees_the_case_removed_gets_404_like_a_stranger(client, city, open_case):
    verify(client, city.nurse)
    assert client.get(detail(open_case)).status_code == 200
    verify(client, city.teacher)
    response = client.post(
        reverse("absence_case_team", args=[open_case.pk]), {"action": "remove", "user": city.nurse.pk}
    )
    assert response.status_code == 302
    client.get(response["Location"])  # the teacher reads the flash message
    verify(client, city.nurse)
    removed = client.get(detail(open_case))
    stranger = client.get(reverse("absence_case_detail", args=[open_case.pk + 1000]))
    assert removed.status_code == stranger.status_code == 404
    assert _without_nonces(removed.content) == _without_nonces(stranger.content)
    verify(client, city.teacher)
    client.post(reverse("absence_case_team", args=[open_case.pk]), {"action": "add", "user": city.nurse.pk})
    verify(client, city.nurse)
    assert client.get(detail(open_case)).status_code == 200


def test_who_sees_the_case(client, city, other_city, open_case):
    other_teacher = member(city.municipality)
    assign(other_teacher, city.school, RoleKey.TEACHER, city.year)
    for user in (other_teacher, city.coordinator, other_city.principal):
        verify(client, user)
        assert client.get(detail(open_case)).status_code == 404, user
        assert open_case.pupil.last_name not in client.get(reverse("absence_case_list")).content.decode()
    verify(client, city.principal)
    assert client.get(detail(open_case)).status_code == 200
    assert "Aino Oppilas" in client.get(reverse("absence_case_list")).content.decode()


def test_the_coordinator_cannot_open_a_case_for_a_pupil(client, city, pupil, targeted):
    verify(client, city.coordinator)
    response = client.post(reverse("absence_case_new") + f"?pupil={pupil.pk}", {"tier": targeted.pk})
    assert response.status_code == 404
    assert not FollowUpCase.objects.exists()


def test_closing_needs_a_reason(client, city, open_case):
    verify(client, city.teacher)
    url = reverse("absence_case_close", args=[open_case.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    open_case.refresh_from_db()
    assert open_case.state == CaseState.OPEN
    response = client.post(url, {"reason": "Läsnäolo palautunut"})
    assert response.status_code == 302
    open_case.refresh_from_db()
    assert open_case.state == CaseState.CLOSED and open_case.closing_reason == "Läsnäolo palautunut"


def test_every_read_of_a_case_page_is_logged(client, city, open_case):
    verify(client, city.nurse)
    before = AccessLogEntry.objects.filter(user=city.nurse, action="read", case=open_case).count()
    client.get(detail(open_case))
    client.get(detail(open_case))
    entries = AccessLogEntry.objects.filter(user=city.nurse, action="read", case=open_case)
    assert entries.count() == before + 2
    assert entries.first().pupil == open_case.pupil and entries.first().via == "page"


def test_the_principal_reads_the_access_log_others_cannot(client, city, other_city, open_case):
    verify(client, city.nurse)
    client.get(detail(open_case))
    url = reverse("absence_access_log", args=[city.school.pk])
    verify(client, city.principal)
    page = client.get(url)
    assert page.status_code == 200
    assert f'data-user="{city.nurse.pk}"' in page.content.decode()
    filtered = client.get(url, {"person": city.teacher.pk}).content.decode()
    assert f'data-user="{city.nurse.pk}"' not in filtered and f'data-user="{city.teacher.pk}"' in filtered
    assert client.post(url).status_code == 405  # read-only
    verify(client, city.teacher)
    assert client.get(url).status_code == 403
    verify(client, other_city.principal)
    assert client.get(url).status_code == 404


def test_the_case_page_has_a_constant_number_of_queries(client, city, open_case):
    verify(client, city.teacher)
    for i in range(3):
        CaseNote.objects.create(case=open_case, author=city.nurse, text=f"Muistiinpano {i}")

    def grow():
        for i in range(9):
            CaseNote.objects.create(case=open_case, author=city.teacher, text=f"Lisää {i}")
            CaseStep.objects.create(
                case=open_case, order=10 + i, title=f"Askel {i}", responsible=city.nurse,
                due_on=datetime.date(2026, 12, 10),
            )  # fmt: skip

    assert_queries_constant(lambda: client.get(detail(open_case)), grow)
    assert open_case.steps.count() == 12 and open_case.notes.count() == 12
