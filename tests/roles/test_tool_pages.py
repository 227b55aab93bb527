"""The roles-tool pages: the list, a tool's progress page and the principal's actions, published
revisions and "my role". Everything is set up through roles.services, as users would."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation
from guardian.shortcuts import get_perms

from notifications.models import Notification
from notifications.sender import send_due
from roles import selectors, services
from roles.models import PracticalAct, RoleKey, RolesTool, RolesToolRevision, ToolState
from tests.factories import MunicipalityFactory, SchoolFactory, UserFactory, assign, member, publishable, role
from tests.helpers import assert_queries_constant, count_queries

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def start_tool(city, actor_for, *, year=None, carry_over=False) -> RolesTool:
    return services.tool_create(
        actor=actor_for(city.principal),
        school=city.school,
        school_year=year or city.year,
        carry_over=carry_over,
    )


def add_act(city, actor_for, tool, key, text, *, user=None, months=(9, 10), with_whom="") -> PracticalAct:
    actor = actor_for(user or city.principal)
    return services.act_create(
        actor=actor,
        tool=tool,
        role=role(city.municipality, key),
        section=selectors.sections_for(actor).first(),
        text=text,
        months=months,
        with_whom=with_whom,
    )


def tool_state(tool: RolesTool) -> tuple:
    tool.refresh_from_db()
    return (tool.state, tool.revision, tool.deadline, tool.revisions.count(), Notification.objects.count())


# --- The list and starting a tool ---------------------------------------------------------------


def test_the_principal_starts_an_empty_tool_from_the_list(city, as_user):
    client = english(as_user(city.principal))
    page = client.get(reverse("roles_tool_list"))
    assert page.status_code == 200
    assert f'id="start-{city.school.pk}"' in page.content.decode()

    response = client.post(
        reverse("roles_tool_create"),
        {"school": city.school.pk, "school_year": city.year.pk, "mode": "empty"},
        follow=True,
    )
    tool = RolesTool.objects.get(school=city.school, school_year=city.year)
    assert response.redirect_chain[-1][0] == reverse("roles_tool_detail", args=[tool.pk])
    active_roles = set(city.municipality.roles.filter(is_active=True).values_list("pk", flat=True))
    assert set(tool.roles.values_list("pk", flat=True)) == active_roles
    assert tool.acts.count() == 0 and tool.carried_over_from is None
    # The list now shows the tool instead of the start form.
    page = client.get(reverse("roles_tool_list")).content.decode()
    assert reverse("roles_tool_detail", args=[tool.pk]) in page
    assert f'id="start-{city.school.pk}"' not in page


def test_the_principal_carries_over_last_years_tool(city, as_user, actor_for):
    previous = start_tool(city, actor_for, year=city.previous_year)
    add_act(city, actor_for, previous, RoleKey.TEACHER, "Luokanohjaajat pitävät ryhmäytyspäivän.")
    add_act(city, actor_for, previous, RoleKey.SCHOOL_NURSE, "Terveydenhoitaja vierailee 7. luokilla.")
    client = english(as_user(city.principal))

    response = client.post(
        reverse("roles_tool_create"),
        {"school": city.school.pk, "school_year": city.year.pk, "mode": "carry_over"},
        follow=True,
    )
    tool = RolesTool.objects.get(school=city.school, school_year=city.year)
    assert tool.carried_over_from == previous
    assert sorted(tool.acts.values_list("text", "carried_over")) == [
        ("Luokanohjaajat pitävät ryhmäytyspäivän.", True),
        ("Terveydenhoitaja vierailee 7. luokilla.", True),
    ]
    assert any("2 acts were carried over" in m for m in messages_of(response))
    # The detail page counts the acts awaiting confirmation.
    body = response.content.decode()
    assert "2 carried-over acts to confirm" in body


def test_carrying_over_without_a_previous_tool_is_refused_with_a_message(city, as_user):
    client = english(as_user(city.principal))
    response = client.post(
        reverse("roles_tool_create"),
        {"school": city.school.pk, "school_year": city.year.pk, "mode": "carry_over"},
        follow=True,
    )
    assert any("no roles tool of the previous school year" in m for m in messages_of(response))
    assert not RolesTool.objects.exists()


def test_a_second_tool_for_the_same_year_is_refused_with_a_message(city, as_user, actor_for):
    start_tool(city, actor_for)
    client = english(as_user(city.principal))
    response = client.post(
        reverse("roles_tool_create"),
        {"school": city.school.pk, "school_year": city.year.pk, "mode": "empty"},
        follow=True,
    )
    assert any("already has a roles tool" in m for m in messages_of(response))
    assert RolesTool.objects.count() == 1


def test_a_teacher_cannot_start_a_tool(city, as_user):
    client = as_user(city.teacher)
    page = client.get(reverse("roles_tool_list")).content.decode()
    assert f'id="start-{city.school.pk}"' not in page
    response = client.post(
        reverse("roles_tool_create"),
        {"school": city.school.pk, "school_year": city.year.pk, "mode": "empty"},
    )
    assert response.status_code == 403
    assert not RolesTool.objects.exists()


def test_the_coordinator_lists_every_school_with_progress(city, as_user, actor_for):
    tool = start_tool(city, actor_for)
    add_act(city, actor_for, tool, RoleKey.TEACHER, "Opettajat pitävät teematunnin.")
    client = as_user(city.coordinator)
    response = client.get(reverse("roles_tool_list"), {"year": city.year.pk})
    rows = {row["school"].pk: row for row in response.context["rows"]}
    assert set(rows) == {city.school.pk, city.other_school.pk}
    assert rows[city.other_school.pk]["tool"] is None
    listed = rows[city.school.pk]["tool"]
    assert (listed.roles_with_acts, listed.roles_used) == (1, tool.roles.count())
    assert not rows[city.school.pk]["can_start"]  # the coordinator is not a principal


def test_staff_see_only_their_own_schools_in_the_list(city, as_user):
    response = as_user(city.teacher).get(reverse("roles_tool_list"))
    assert [row["school"] for row in response.context["rows"]] == [city.school]


def test_the_list_query_count_does_not_grow_with_schools(city, as_user, actor_for):
    client = as_user(city.coordinator)

    def grow():
        for i in range(5):
            school = SchoolFactory(municipality=city.municipality, name=f"Kasvukoulu {i}")
            assign(city.principal, school, RoleKey.PRINCIPAL, city.year)
            tool = services.tool_create(actor=actor_for(city.principal), school=school, school_year=city.year)
            add_act(city, actor_for, tool, RoleKey.TEACHER, f"Teko {i}")

    assert_queries_constant(lambda: client.get(reverse("roles_tool_list")), grow)


# --- The tool page and the principal's actions ---------------------------------------------------


def test_the_tool_page_shows_progress_per_role(city, as_user, actor_for):
    tool = start_tool(city, actor_for)
    add_act(city, actor_for, tool, RoleKey.TEACHER, "Opettajat pitävät teematunnin.")
    add_act(city, actor_for, tool, RoleKey.TEACHER, "Opettajat osallistuvat huoltajailtaan.")
    response = english(as_user(city.teacher)).get(reverse("roles_tool_detail", args=[tool.pk]))
    assert response.status_code == 200
    rows = {row["role"].key: row for row in response.context["rows"]}
    assert rows[RoleKey.TEACHER]["act_count"] == 2
    assert [a.user for a in rows[RoleKey.TEACHER]["role"].holders] == [city.teacher]
    assert rows[RoleKey.TEACHER]["may_edit"] and not rows[RoleKey.SCHOOL_NURSE]["may_edit"]
    assert rows[RoleKey.SCHOOL_NURSE]["act_count"] == 0
    body = response.content.decode()
    assert "No acts yet" in body
    assert city.teacher.get_full_name() in body
    # Only the principal gets the actions.
    assert reverse("roles_tool_state", args=[tool.pk]) not in body
    assert response.context["can_manage"] is False


def test_the_tool_page_renders_in_constant_queries(city, as_user, actor_for):
    """12 roles × 3 acts and 12 roles × 15 acts: the same number of queries, at most 13 (one of them the
    header's count of unread notifications)."""
    tool = start_tool(city, actor_for)
    roles = list(tool.roles.all())
    assert len(roles) == 12
    actor = actor_for(city.principal)
    section = selectors.sections_for(actor).first()

    def add(n: int) -> None:
        for r in roles:
            for i in range(n):
                services.act_create(actor=actor, tool=tool, role=r, section=section, text=f"{r.name_fi} {i}")

    add(3)
    url = reverse("roles_tool_detail", args=[tool.pk])
    viewers = (city.principal, city.teacher, city.coordinator)

    def counts() -> list[int]:
        found = []
        for user in viewers:
            client = as_user(user)
            assert client.get(url).status_code == 200  # warm the session and content types
            found.append(count_queries(lambda client=client: client.get(url)))
        return found

    small = counts()
    add(12)
    assert counts() == small
    assert max(small) <= 13, small
    client = as_user(city.principal)
    assert_queries_constant(lambda: client.get(url), lambda: add(1), at_most=13)
    assert tool.acts.count() == 12 * 16


def test_publishing_freezes_a_revision_and_emails_each_staff_member_once(city, as_user, actor_for):
    tool = start_tool(city, actor_for)
    add_act(city, actor_for, tool, RoleKey.TEACHER, "Opettajat pitävät teematunnin.")
    city.teacher.preferred_language = "sv"
    city.teacher.save()
    client = english(as_user(city.principal))

    response = client.post(reverse("roles_tool_publish", args=[tool.pk]), follow=True)
    assert response.status_code == 200
    tool.refresh_from_db()
    assert tool.state == ToolState.PUBLISHED
    revision = tool.revisions.get()
    assert revision.number == 1 and revision.published_by == city.principal
    assert any("Revision 1 was published" in m for m in messages_of(response))
    staff = {city.principal, city.teacher, city.nurse}
    notes = Notification.objects.filter(kind="roles_tool_published")
    assert {n.recipient for n in notes} == staff

    assert send_due() == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in staff)
    for message in mail.outbox:
        user = next(u for u in staff if u.email == message.to[0])
        with translation.override(user.preferred_language):
            expected = translation.gettext("The roles tool of %(school)s %(year)s is published") % {
                "school": city.school.name,
                "year": city.year.name,
            }
        assert message.subject == expected

    # Publishing again is refused: no second revision, no second e-mail.
    response = client.post(reverse("roles_tool_publish", args=[tool.pk]))
    assert response.status_code == 400 and "already published" in response.content.decode()
    assert tool.revisions.count() == 1
    assert Notification.objects.count() == 3
    assert send_due() == 0 and len(mail.outbox) == 3


def test_publishing_with_unconfirmed_carried_over_acts_shows_the_refusal(city, as_user, actor_for):
    previous = start_tool(city, actor_for, year=city.previous_year)
    add_act(city, actor_for, previous, RoleKey.TEACHER, "Vanha teko.")
    tool = start_tool(city, actor_for, carry_over=True)
    client = english(as_user(city.principal))
    response = client.post(reverse("roles_tool_publish", args=[tool.pk]))
    assert response.status_code == 400 and "not confirmed yet" in response.content.decode()
    tool.refresh_from_db()
    assert tool.state == ToolState.DRAFT and not tool.revisions.exists()


def test_review_then_reopen_keeps_the_published_revision_readable(city, as_user, actor_for):
    tool = start_tool(city, actor_for)
    act = add_act(city, actor_for, tool, RoleKey.TEACHER, "Alkuperäinen teko.")
    client = english(as_user(city.principal))
    state_url = reverse("roles_tool_state", args=[tool.pk])
    client.post(state_url, {"action": "submit_review"})
    tool.refresh_from_db()
    assert tool.state == ToolState.IN_REVIEW
    client.post(reverse("roles_tool_publish", args=[tool.pk]))
    response = client.post(state_url, {"action": "reopen"}, follow=True)
    tool.refresh_from_db()
    assert (tool.state, tool.revision) == (ToolState.DRAFT, 2)
    assert any("reopened as revision 2" in m for m in messages_of(response))

    services.act_update(
        actor=actor_for(city.principal),
        act=act,
        version=act.version,
        text="Uusi teko.",
        months=[],
        with_whom="",
        responsible=None,
    )
    old = client.get(reverse("roles_tool_revision", args=[tool.pk, 1]))
    assert old.status_code == 200
    body = old.content.decode()
    assert "Alkuperäinen teko." in body and "Uusi teko." not in body
    # The teacher is pointed from the working copy to the published revision.
    page = as_user(city.teacher).get(reverse("roles_tool_detail", args=[tool.pk])).content.decode()
    assert reverse("roles_tool_revision", args=[tool.pk, 1]) in page
    assert client.get(reverse("roles_tool_revision", args=[tool.pk, 2])).status_code == 404


def test_the_revision_keeps_the_role_description_after_the_catalog_changes(city, as_user, actor_for):
    tool = start_tool(city, actor_for)
    add_act(city, actor_for, tool, RoleKey.TEACHER, "Opettajat pitävät teematunnin.", months=[9])
    publisher = actor_for(city.principal)
    services.tool_publish(actor=publisher, tool=publishable(tool, publisher))
    teacher_role = role(city.municipality, RoleKey.TEACHER)
    old_description = teacher_role.description.split("\n")[0]
    services.role_update(
        actor=actor_for(city.coordinator),
        role=teacher_role,
        name_fi="Opettaja (uusi nimi)",
        name_sv=teacher_role.name_sv,
        description="Kokonaan uusi kuvaus.",
        responsibilities=["Uusi vastuu"],
    )
    body = as_user(city.teacher).get(reverse("roles_tool_revision", args=[tool.pk, 1])).content.decode()
    assert old_description in body
    assert "Kokonaan uusi kuvaus." not in body and "Opettaja (uusi nimi)" not in body
    assert "Opettajat pitävät teematunnin." in body
    assert "syyskuu" in body  # September, in Finnish (the default language)


def test_a_deadline_outside_the_school_year_is_refused_and_nothing_changes(city, as_user, actor_for):
    tool = start_tool(city, actor_for)
    client = english(as_user(city.principal))
    url = reverse("roles_tool_deadline", args=[tool.pk])
    response = client.post(url, {"deadline": "2030-01-15"}, follow=True)
    assert any("must fall within the school year" in m for m in messages_of(response))
    tool.refresh_from_db()
    assert tool.deadline is None
    client.post(url, {"deadline": "2026-10-01"})
    tool.refresh_from_db()
    assert tool.deadline == datetime.date(2026, 10, 1)
    response = client.post(url, {"deadline": "not a date"}, follow=True)
    tool.refresh_from_db()
    assert tool.deadline == datetime.date(2026, 10, 1)
    assert messages_of(response)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("roles_tool_state", {"action": "submit_review"}),
        ("roles_tool_publish", {}),
        ("roles_tool_deadline", {"deadline": "2026-10-01"}),
        ("roles_tool_roles", {"roles": []}),
        ("roles_tool_writers", {"action": "grant", "user": "TEACHER"}),
    ],
)
def test_a_teacher_and_the_coordinator_cannot_manage_the_tool(city, as_user, actor_for, name, data):
    tool = start_tool(city, actor_for)
    if data.get("user") == "TEACHER":
        data = {**data, "user": city.teacher.pk}
    before = tool_state(tool)
    roles_before = set(tool.roles.values_list("pk", flat=True))
    for user in (city.teacher, city.coordinator):
        client = as_user(user)
        assert client.post(reverse(name, args=[tool.pk]), data).status_code == 403
        if name in ("roles_tool_roles", "roles_tool_writers", "roles_tool_publish"):
            assert client.get(reverse(name, args=[tool.pk])).status_code == 403
    assert tool_state(tool) == before
    assert set(tool.roles.values_list("pk", flat=True)) == roles_before
    assert "write_nonstaff_acts" not in get_perms(city.teacher, tool)


def test_a_teacher_cannot_reopen_a_published_tool(city, as_user, actor_for):
    tool = start_tool(city, actor_for)
    publisher = actor_for(city.principal)
    services.tool_publish(actor=publisher, tool=publishable(tool, publisher))
    before = tool_state(tool)
    response = as_user(city.teacher).post(reverse("roles_tool_state", args=[tool.pk]), {"action": "reopen"})
    assert response.status_code == 403
    assert tool_state(tool) == before


def test_the_coordinator_reads_every_schools_tool(city, as_user, actor_for):
    tool = start_tool(city, actor_for)
    publisher = actor_for(city.principal)
    services.tool_publish(actor=publisher, tool=publishable(tool, publisher))
    client = as_user(city.coordinator)
    assert client.get(reverse("roles_tool_detail", args=[tool.pk])).status_code == 200
    assert client.get(reverse("roles_tool_revision", args=[tool.pk, 1])).status_code == 200


def test_staff_of_another_school_of_the_same_city_get_403(city, as_user, actor_for):
    tool = start_tool(city, actor_for)
    publisher = actor_for(city.principal)
    services.tool_publish(actor=publisher, tool=publishable(tool, publisher))
    outsider = member(city.municipality)
    assign(outsider, city.other_school, RoleKey.TEACHER, city.year)
    client = as_user(outsider)
    for url in (
        reverse("roles_tool_detail", args=[tool.pk]),
        reverse("roles_tool_revision", args=[tool.pk, 1]),
    ):
        assert client.get(url).status_code == 403
    before = tool_state(tool)
    assert client.post(reverse("roles_tool_state", args=[tool.pk]), {"action": "reopen"}).status_code == 403
    assert tool_state(tool) == before
    # …and the list does not show the other school's tool.
    rows = client.get(reverse("roles_tool_list")).context["rows"]
    assert [row["school"] for row in rows] == [city.other_school]


def test_another_tenants_tool_is_404(city, other_city, as_user, actor_for):
    tool = start_tool(other_city, actor_for)
    services.tool_publish(
        actor=actor_for(other_city.principal), tool=publishable(tool, actor_for(other_city.principal))
    )
    client = as_user(city.principal)
    assert client.get(reverse("roles_tool_detail", args=[tool.pk])).status_code == 404
    assert client.get(reverse("roles_tool_revision", args=[tool.pk, 1])).status_code == 404
    before = tool_state(tool)
    assert client.post(reverse("roles_tool_state", args=[tool.pk]), {"action": "reopen"}).status_code == 404
    assert tool_state(tool) == before
    # A school of the other tenant cannot be named when starting a tool either.
    client.post(
        reverse("roles_tool_create"),
        {"school": other_city.school.pk, "school_year": city.year.pk, "mode": "empty"},
    )
    assert RolesTool.objects.filter(school=other_city.school).count() == 1


def test_people_without_a_membership_get_403_and_visitors_sign_in(city, client, as_user, actor_for):
    tool = start_tool(city, actor_for)
    url = reverse("roles_tool_detail", args=[tool.pk])
    assert client.get(url).status_code == 302
    assert as_user(UserFactory()).get(url).status_code == 403


def test_an_unknown_action_is_a_bad_request(city, as_user, actor_for):
    tool = start_tool(city, actor_for)
    before = tool_state(tool)
    response = as_user(city.principal).post(reverse("roles_tool_state", args=[tool.pk]), {"action": "x"})
    assert response.status_code == 400
    assert tool_state(tool) == before


# --- Roles used and the pupil/guardian writers ---------------------------------------------------


def test_the_principal_chooses_the_roles_used(city, as_user, actor_for):
    tool = start_tool(city, actor_for)
    add_act(city, actor_for, tool, RoleKey.TEACHER, "Opettajat pitävät teematunnin.")
    client = english(as_user(city.principal))
    url = reverse("roles_tool_roles", args=[tool.pk])
    assert client.get(url).status_code == 200
    keep = [role(city.municipality, k).pk for k in (RoleKey.TEACHER, RoleKey.PRINCIPAL)]
    response = client.post(url, {"roles": keep})
    assert response.status_code == 302
    assert set(tool.roles.values_list("pk", flat=True)) == set(keep)

    # Leaving out the teacher role, which has acts, is refused and nothing changes.
    response = client.post(url, {"roles": [keep[1]]})
    assert response.status_code == 200
    assert "Remove the acts of these roles first" in response.content.decode()
    assert set(tool.roles.values_list("pk", flat=True)) == set(keep)


def test_the_principal_grants_and_revokes_pupil_and_guardian_writers(city, as_user, actor_for):
    tool = start_tool(city, actor_for)
    client = english(as_user(city.principal))
    url = reverse("roles_tool_writers", args=[tool.pk])
    assert client.post(url, {"action": "grant", "user": city.nurse.pk}).status_code == 302
    assert "write_nonstaff_acts" in get_perms(city.nurse, tool)
    page = client.get(url)
    assert [u.pk for u in page.context["writers"]] == [city.nurse.pk]
    # The nurse may now edit the pupil role's acts (the tool page says so).
    rows = as_user(city.nurse).get(reverse("roles_tool_detail", args=[tool.pk])).context["rows"]
    assert {r["role"].key for r in rows if r["may_edit"]} == {
        RoleKey.PUPIL,
        RoleKey.GUARDIAN,
        RoleKey.SCHOOL_NURSE,
    }

    client = as_user(city.principal)
    assert client.post(url, {"action": "revoke", "user": city.nurse.pk}).status_code == 302
    assert "write_nonstaff_acts" not in get_perms(city.nurse, tool)
    # A person of another municipality cannot be granted.
    outsider = member(MunicipalityFactory())
    response = client.post(url, {"action": "grant", "user": outsider.pk})
    assert response.status_code == 200 and response.context["form"].errors
    assert "write_nonstaff_acts" not in get_perms(outsider, tool)


# --- Reading: revisions and "my role" -------------------------------------------------------------


def test_my_role_shows_the_city_description_and_the_schools_acts(city, as_user, actor_for):
    tool = start_tool(city, actor_for)
    add_act(
        city,
        actor_for,
        tool,
        RoleKey.TEACHER,
        "Luokanohjaajat pitävät ryhmäytyspäivän.",
        user=city.teacher,
        with_whom="tukioppilaat",
    )
    add_act(city, actor_for, tool, RoleKey.SCHOOL_NURSE, "Terveydenhoitajan teko.")
    client = english(as_user(city.teacher))
    response = client.get(reverse("my_role"))
    body = response.content.decode()
    teacher_role = role(city.municipality, RoleKey.TEACHER)
    assert teacher_role.description.split("\n")[0] in body
    assert teacher_role.responsibilities.first().text in body
    assert "Luokanohjaajat pitävät ryhmäytyspäivän." in body and "tukioppilaat" in body
    assert "Terveydenhoitajan teko." not in body
    assert "draft: not published yet" in body
    [item] = response.context["items"]
    assert item["may_edit"] and item["revision"] is None

    # Once published, the acts come from the published revision, even while a new one is prepared.
    publisher = actor_for(city.principal)
    services.tool_publish(actor=publisher, tool=publishable(tool, publisher))
    services.tool_reopen(actor=actor_for(city.principal), tool=tool)
    add_act(city, actor_for, tool, RoleKey.TEACHER, "Luonnoksen uusi teko.", user=city.teacher)
    body = client.get(reverse("my_role")).content.decode()
    assert "Luokanohjaajat pitävät ryhmäytyspäivän." in body
    assert "Luonnoksen uusi teko." not in body
    assert "published, revision 1" in body


def test_my_role_without_a_tool_or_a_role(city, as_user):
    assert "Opettaja" in as_user(city.teacher).get(reverse("my_role")).content.decode()
    outsider = member(city.municipality)
    response = as_user(outsider).get(reverse("my_role"))
    assert response.status_code == 200 and response.context["items"] == []


def test_html_in_act_text_is_escaped(city, as_user, actor_for):
    tool = start_tool(city, actor_for)
    add_act(
        city, actor_for, tool, RoleKey.TEACHER, "<script>alert('x')</script> & <b>teko</b>", with_whom="<i>"
    )
    publisher = actor_for(city.principal)
    services.tool_publish(actor=publisher, tool=publishable(tool, publisher))
    client = as_user(city.teacher)
    for url in (reverse("roles_tool_revision", args=[tool.pk, 1]), reverse("my_role")):
        body = client.get(url).content.decode()
        assert "<script>alert" not in body and "<b>teko</b>" not in body and "<i>" not in body
        assert "&lt;script&gt;" in body


def test_the_revision_page_lists_every_role_of_the_document(city, as_user, actor_for):
    tool = start_tool(city, actor_for)
    revision: RolesToolRevision = services.tool_publish(
        actor=actor_for(city.principal), tool=publishable(tool, actor_for(city.principal))
    )
    response = as_user(city.nurse).get(reverse("roles_tool_revision", args=[tool.pk, 1]))
    body = response.content.decode()
    for entry in revision.document["roles"]:
        assert entry["name_fi"] in body
    assert body.count("<h1") == 1
