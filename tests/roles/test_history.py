"""The audit trail of the roles tool: every change of practical acts, staffing and publication is
recorded, and the tool's history shows who changed which words, to those who read the tool."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from audit.selectors import history_for, history_with_context
from roles import selectors, services, staffing
from roles.models import PracticalAct, RoleKey, StaffAssignment
from tests.factories import City, assign, member, publishable, role
from tests.helpers import assert_queries_constant

pytestmark = pytest.mark.django_db

FIRST = "Opettaja ryhmäyttää luokan syyskuussa yhdessä kuraattorin kanssa."
SECOND = "Opettaja ryhmäyttää luokan elokuussa yhdessä kuraattorin ja terveydenhoitajan kanssa."


@pytest.fixture
def tool(city, actor_for):
    return services.tool_create(actor=actor_for(city.principal), school=city.school, school_year=city.year)


def write_act(city, actor, tool, text=FIRST) -> PracticalAct:
    return services.act_create(
        actor=actor,
        tool=tool,
        role=role(city.municipality, RoleKey.TEACHER),
        section=selectors.sections_for(actor).first(),
        text=text,
        months=[9],
    )


def test_each_change_of_an_act_is_recorded_with_only_what_changed(city, tool, actor_for):
    teacher = actor_for(city.teacher)
    act = write_act(city, teacher, tool)
    act = services.act_update(
        actor=teacher, act=act, version=act.version, text=SECOND, months=[8], with_whom="", responsible=None
    )
    services.act_delete(actor=actor_for(city.teacher), act=act, version=act.version)

    deleted, updated, created = history_for(city.municipality, act)
    assert [e.action for e in (created, updated, deleted)] == ["created", "updated", "deleted"]
    assert {e.actor for e in (created, updated, deleted)} == {city.teacher}
    assert created.after["text"] == FIRST and created.before is None
    assert updated.before == {"role": "Opettaja", "text": FIRST, "months": [9]}
    assert updated.after == {"role": "Opettaja", "text": SECOND, "months": [8]}
    assert deleted.after is None and deleted.before["text"] == SECOND
    assert created.context["tool"] == tool.pk and created.context["school"] == city.school.pk


def test_publication_reopening_and_staffing_are_recorded(city, tool, actor_for):
    principal = actor_for(city.principal)
    services.tool_publish(actor=principal, tool=publishable(tool, principal))
    services.tool_reopen(actor=actor_for(city.principal), tool=tool)
    actions = [e.action for e in history_with_context(city.municipality, "tool", tool.pk)]
    assert actions == ["reopened", "published", "created"]  # the act publishing needs, then the tool

    newcomer = member(city.municipality, email="uusi@alfala.fi", last_name="Uusi")
    assignment = staffing.assignment_create(
        actor=actor_for(city.coordinator),
        user=newcomer,
        school=city.school,
        role=role(city.municipality, RoleKey.PSYCHOLOGIST),
        school_year=city.year,
    )
    assignment_id = assignment.pk
    staffing.assignment_delete(actor=actor_for(city.coordinator), assignment=assignment)
    assignment.pk = assignment_id  # a deleted row keeps its history
    removed, given = history_for(city.municipality, assignment)
    assert (given.action, removed.action) == ("assigned", "unassigned")
    assert given.after["role"] == "Psykologi" and given.after["school"] == city.school.name
    assert removed.before == given.after and removed.after is None


def test_the_history_page_marks_the_words_that_changed(city, tool, actor_for, as_user):
    teacher = actor_for(city.teacher)
    act = write_act(city, teacher, tool)
    services.act_update(
        actor=teacher, act=act, version=act.version, text=SECOND, months=[8], with_whom="", responsible=None
    )
    page = as_user(city.nurse).get(reverse("roles_tool_history", args=[tool.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<del" in html and "syyskuussa" in html
    assert "<ins" in html and "terveydenhoitajan" in html
    # Word level: only the changed words are marked; the rest of the sentence stands as it was.
    assert re.search(
        r"Opettaja ryhmäyttää luokan\s*<del[^>]*>(<span[^>]*>[^<]*</span>)?syyskuussa</del>", html
    )
    assert re.search(r"kuraattorin\s*<ins[^>]*>(<span[^>]*>[^<]*</span>)?ja terveydenhoitajan\s*</ins>", html)
    assert city.teacher.get_full_name() in html


def test_the_role_filter_shows_one_roles_acts_and_refuses_a_role_not_in_the_tool(
    city, tool, actor_for, as_user
):
    principal = actor_for(city.principal)
    write_act(city, principal, tool)
    services.act_create(
        actor=principal,
        tool=tool,
        role=role(city.municipality, RoleKey.SCHOOL_NURSE),
        section=selectors.sections_for(principal).first(),
        text="Terveystarkastusten yhteenveto ryhmälle.",
    )
    client = as_user(city.teacher)
    url = reverse("roles_tool_history", args=[tool.pk])
    nurse_role = role(city.municipality, RoleKey.SCHOOL_NURSE)
    only_nurse = client.get(url, {"role": nurse_role.pk}).content.decode()
    assert "Terveystarkastusten" in only_nurse and "ryhmäyttää" not in only_nurse
    services.tool_set_roles(
        actor=actor_for(city.principal), tool=tool, roles=list(tool.roles.exclude(key="youth_work"))
    )
    youth = role(city.municipality, RoleKey.YOUTH_WORK)
    assert client.get(url, {"role": youth.pk}).status_code == 404
    for junk in ("²", "9223372036854775808", "-1", "x"):
        assert client.get(url, {"role": junk}).status_code == 200


def test_who_may_read_the_history(city, other_city, tool, actor_for, as_user):
    write_act(city, actor_for(city.teacher), tool)
    url = reverse("roles_tool_history", args=[tool.pk])
    assert as_user(city.coordinator).get(url).status_code == 200
    # Staff of another school of the same municipality: the tool exists, they may not read it.
    outsider = member(city.municipality, email="lukio@alfala.fi")
    assign(outsider, city.other_school, RoleKey.TEACHER, city.year)
    assert as_user(outsider).get(url).status_code == 403
    # Another municipality's people: no such tool.
    assert as_user(other_city.coordinator).get(url).status_code == 404
    assert as_user(other_city.principal).get(url).status_code == 404


def test_the_history_page_costs_the_same_queries_however_long_the_history(city, tool, actor_for, as_user):
    client = as_user(city.principal)
    url = reverse("roles_tool_history", args=[tool.pk])
    act = write_act(city, actor_for(city.teacher), tool)

    def grow():
        nonlocal act
        for n in range(5):
            act = services.act_update(
                actor=actor_for(city.teacher),
                act=act,
                version=act.version,
                text=f"{FIRST} Kerta {n}.",
                months=[9, 10],
                with_whom=f"ryhmä {n}",
                responsible=city.nurse if n % 2 else None,
            )

    assert_queries_constant(lambda: client.get(url), grow, at_most=14)


def test_the_api_gives_the_tools_and_an_acts_history_and_nothing_across_municipalities(
    city, other_city, tool, actor_for
):
    from rest_framework.test import APIClient

    def api(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    act = write_act(city, actor_for(city.teacher), tool)
    client = api(city.teacher)
    tool_history = client.get(reverse("roles-tool-history", args=[tool.pk]))
    assert tool_history.status_code == 200
    (event,) = tool_history.json()["results"]
    assert (event["action"], event["actor"], event["after"]["text"]) == ("created", city.teacher.pk, FIRST)
    act_history = client.get(reverse("practical-act-history", args=[act.pk]))
    assert [e["action"] for e in act_history.json()] == ["created"]

    stranger = api(other_city.coordinator)
    assert stranger.get(reverse("roles-tool-history", args=[tool.pk])).status_code == 404
    assert stranger.get(reverse("practical-act-history", args=[act.pk])).status_code == 404


def test_a_refused_edit_records_nothing(city, tool, actor_for):
    act = write_act(city, actor_for(city.teacher), tool)
    before = AuditEvent.objects.count()
    with pytest.raises(Exception):  # noqa: B017  (the refusal's type is the service's business)
        services.act_update(
            actor=actor_for(city.nurse),
            act=act,
            version=act.version,
            text=SECOND,
            months=[],
            with_whom="",
            responsible=None,
        )
    assert AuditEvent.objects.count() == before
    assert StaffAssignment.objects.exists()
    assert City  # the factory module is the one the other tests use
