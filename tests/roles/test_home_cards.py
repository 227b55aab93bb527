"""The home page as a to-do list: the staff member's role acts, the principal's tool, the coordinator's
progress per school. Everything is set up through roles.services, as users would."""

from __future__ import annotations

import datetime
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from roles import home_selectors, selectors, services
from roles.models import PracticalAct, RoleKey, RolesTool
from tests.factories import SchoolFactory, assign, member, role
from tests.helpers import assert_queries_constant

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def home(client, query: str = "") -> str:
    response = english(client).get(reverse("home") + query)
    assert response.status_code == 200
    return response.content.decode()


def add_act(city, actor_for, tool, key, text="Teko", *, user=None) -> PracticalAct:
    actor = actor_for(user or city.principal)
    return services.act_create(
        actor=actor,
        tool=tool,
        role=role(city.municipality, key),
        section=selectors.sections_for(actor).first(),
        text=text,
        months=[9],
        with_whom="",
    )


@pytest.fixture
def carried_tool(city, actor_for):
    """This year's tool carried over from last year: two teacher acts and one nurse act to confirm,
    then one new teacher act; the deadline ten days from today."""
    principal = actor_for(city.principal)
    last = services.tool_create(actor=principal, school=city.school, school_year=city.previous_year)
    add_act(city, actor_for, last, RoleKey.TEACHER, "Ryhmäytys")
    add_act(city, actor_for, last, RoleKey.TEACHER, "Vanhempainilta")
    add_act(city, actor_for, last, RoleKey.SCHOOL_NURSE, "Terveystarkastukset")
    tool = services.tool_create(actor=principal, school=city.school, school_year=city.year, carry_over=True)
    add_act(city, actor_for, tool, RoleKey.TEACHER, "Uusi teko", user=city.teacher)
    return services.tool_set_deadline(
        actor=principal, tool=tool, deadline=timezone.localdate() + datetime.timedelta(days=10)
    )


# --- The staff member's card -----------------------------------------------------------------------


def test_teacher_is_told_the_school_has_not_started_its_tool(city, as_user):
    body = home(as_user(city.teacher))
    assert "roles tool for this school year has not been started yet" in body
    assert "roles-tools/" not in body.split('id="my-roles"')[1].split("</section>")[0]
    assert "Start the roles tool" not in body  # the principal's button, not the teacher's


def test_teacher_sees_own_acts_to_confirm_the_deadline_and_a_link_into_the_role(city, carried_tool, as_user):
    body = home(as_user(city.teacher))
    teacher_role = role(city.municipality, RoleKey.TEACHER)
    nurse_role = role(city.municipality, RoleKey.SCHOOL_NURSE)
    card = body.split('id="my-roles"')[1].split("</section>")[0]
    assert "3 acts" in card
    assert "2 carried-over acts to confirm" in card
    assert "10 days left" in card and carried_tool.deadline.strftime("%-d.%-m.%Y") in card
    link = reverse("roles_tool_role", kwargs={"pk": carried_tool.pk, "role_pk": teacher_role.pk})
    assert f'href="{link}"' in card
    assert f"Confirm the acts of {teacher_role.name_fi}" in card
    # Only the teacher's own role: not the nurse's, not the principal's or coordinator's cards.
    nurse_link = reverse("roles_tool_role", kwargs={"pk": carried_tool.pk, "role_pk": nurse_role.pk})
    assert nurse_link not in body
    assert 'id="principal-tool-' not in body and 'id="roles-progress"' not in body


def test_the_link_opens_the_teachers_acts(city, carried_tool, as_user):
    client = as_user(city.teacher)
    body = home(client)
    link = re.search(r'href="(/roles-tools/\d+/roles/\d+/)"', body).group(1)
    page = client.get(link)
    assert page.status_code == 200
    assert "Uusi teko" in page.content.decode()


def test_nurse_with_nothing_written_is_asked_to_write(city, actor_for, as_user):
    services.tool_create(actor=actor_for(city.principal), school=city.school, school_year=city.year)
    body = home(as_user(city.nurse))
    nurse_role = role(city.municipality, RoleKey.SCHOOL_NURSE)
    assert "no acts written yet" in body
    assert f"Write the acts of {nurse_role.name_fi}" in body
    assert '<dt>Deadline</dt><dd><span class="muted">not set</span>' in body


def test_a_published_tool_leaves_nothing_to_do(city, carried_tool, actor_for, as_user):
    principal = actor_for(city.principal)
    services.acts_confirm_all(actor=principal, tool=carried_tool)
    services.tool_publish(actor=principal, tool=carried_tool)
    body = home(as_user(city.teacher))
    assert "Published: nothing left to do." in body
    assert "Read the acts of" in body and "days left" not in body


def test_a_passed_deadline_says_how_long_ago(city, carried_tool, actor_for, as_user):
    carried_tool.deadline = timezone.localdate() - datetime.timedelta(days=3)
    carried_tool.save(update_fields=["deadline"])
    assert "passed 3 days ago" in home(as_user(city.teacher))


def test_teacher_card_queries_do_not_grow_with_acts_or_roles(city, carried_tool, actor_for, as_user):
    client = english(as_user(city.teacher))

    def grow():
        for key in (RoleKey.SPECIAL_NEEDS_TEACHER, RoleKey.PSYCHOLOGIST):
            assign(city.teacher, city.school, key, city.year)
            for _ in range(3):
                add_act(city, actor_for, carried_tool, key)

    # The roles cards, the groups cards (action items, meetings), the yearclock card and the absence
    # signals card: one query each; +2 for the evaluation card (the principal's schools, their evaluations).
    assert_queries_constant(lambda: client.get(reverse("home")), grow, at_most=18)


# --- The principal's card ----------------------------------------------------------------------


def test_principal_is_offered_to_start_the_tool(city, as_user):
    body = home(as_user(city.principal))
    assert f'id="principal-tool-{city.school.pk}"' in body
    assert "You have not started your school’s roles tool" in body
    start = f"{reverse('roles_tool_list')}?year={city.year.pk}#school-{city.school.pk}"
    assert f'href="{start}"' in body and "Start the roles tool" in body


def test_principal_sees_state_deadline_empty_roles_and_unconfirmed(city, carried_tool, as_user):
    body = home(as_user(city.principal))
    card = body.split(f'id="principal-tool-{city.school.pk}"')[1].split("</section>")[0]
    assert "Draft" in card
    assert "10 days left" in card
    assert "3 carried-over acts" in card
    roles = list(carried_tool.roles.all())
    assert f"2 of {len(roles)}" in card  # teacher and nurse have acts
    empty = [r for r in roles if r.key not in (RoleKey.TEACHER, RoleKey.SCHOOL_NURSE)]
    assert f"These {len(empty)} roles have no acts yet" in card
    for r in empty:
        assert r.name_fi in card
    assert f">{role(city.municipality, RoleKey.TEACHER).name_fi}<" not in card
    assert f'href="{reverse("roles_tool_detail", args=[carried_tool.pk])}"' in card


def test_principal_card_is_the_principals_own_school_only(city, carried_tool, as_user):
    for user in (city.teacher, city.nurse, city.coordinator):
        assert 'id="principal-tool-' not in home(as_user(user))


# --- The coordinator's card --------------------------------------------------------------------


def progress_table(body: str) -> str:
    return body.split('id="roles-progress"')[1].split("</table>")[0]


def row_order(table: str) -> list[str]:
    return re.findall(r'<th scope="row">(?:<a [^>]*>)?([^<]+)', table)


def test_coordinator_sees_every_schools_progress(city, other_city, carried_tool, as_user):
    body = home(as_user(city.coordinator))
    assert 'id="my-roles"' not in body  # no school role: no empty "my roles" card for the coordinator
    table = progress_table(body)
    share = round(100 * 2 / carried_tool.roles.count())
    assert row_order(table) == [city.school.name, city.other_school.name]
    assert "Draft" in table and "not started" in table
    assert f"{share} %" in table
    assert carried_tool.deadline.strftime("%-d.%-m.%Y") in table
    assert timezone.localdate().strftime("%-d.%-m.%Y") in table  # last change: today
    assert other_city.school.name not in table


def test_coordinator_sorts_by_a_column_server_side(city, carried_tool, as_user):
    client = as_user(city.coordinator)
    table = progress_table(home(client))
    assert 'aria-sort="ascending"' in table and table.count("aria-sort") == 1
    assert 'href="?sort=-school#roles-progress-section"' in table
    assert 'href="?sort=share#roles-progress-section"' in table

    table = progress_table(home(client, "?sort=share"))
    # Schools without a tool (no share) come last in both directions.
    assert row_order(table) == [city.school.name, city.other_school.name]
    assert re.search(r'aria-sort="ascending">\s*<a href="\?sort=-share', table)

    third = SchoolFactory(municipality=city.municipality, name="Aaltolan koulu")
    RolesTool.objects.create(school=third, school_year=city.year)
    table = progress_table(home(client, "?sort=-school"))
    assert row_order(table) == [city.other_school.name, city.school.name, third.name]
    assert 'aria-sort="descending"' in table
    table = progress_table(home(client, "?sort=-state"))
    assert row_order(table)[-1] == city.other_school.name  # not started
    table = progress_table(home(client, "?sort=nonsense"))
    assert row_order(table) == [third.name, city.school.name, city.other_school.name]


def test_progress_card_is_the_coordinators_only(city, carried_tool, as_user):
    for user in (city.teacher, city.principal, city.nurse):
        assert 'id="roles-progress"' not in home(as_user(user))


def test_coordinator_progress_is_constant_in_queries_for_sixty_schools(city, carried_tool, as_user):
    client = english(as_user(city.coordinator))
    teacher_role = role(city.municipality, RoleKey.TEACHER)
    section = city.municipality.act_sections.first()
    roles = list(city.municipality.roles.filter(is_active=True))

    def grow():
        for n in range(58):
            school = SchoolFactory(municipality=city.municipality, name=f"Koulu {n:02}")
            assign(member(city.municipality), school, RoleKey.PRINCIPAL, city.year)
            if n % 3 == 0:
                continue  # some schools have not started
            tool = RolesTool.objects.create(school=school, school_year=city.year)
            tool.roles.set(roles)
            PracticalAct.objects.bulk_create(
                PracticalAct(
                    tool=tool, role=teacher_role, section=section, text=f"Teko {i}", carried_over=bool(i % 2)
                )
                for i in range(5)
            )

    queries = assert_queries_constant(
        lambda: client.get(reverse("home") + "?sort=-share"), grow, at_most=18
    )  # +1: the absence signals card; +1: the evaluation card (is the coordinator a principal?)
    body = home(client, "?sort=-share")
    assert len(row_order(progress_table(body))) == 60
    assert queries <= 18


def test_sort_parameter_is_parsed_safely():
    assert home_selectors.parse_sort("-changed") == ("changed", True)
    assert home_selectors.parse_sort("deadline") == ("deadline", False)
    for bad in (None, "", "--share", "school_id", "-", "'; drop"):
        column, _ = home_selectors.parse_sort(bad)
        assert column in home_selectors.SORT_KEYS


def test_a_role_the_tool_does_not_use_has_no_link(city, actor_for, as_user):
    principal = actor_for(city.principal)
    tool = services.tool_create(actor=principal, school=city.school, school_year=city.year)
    services.tool_set_roles(actor=principal, tool=tool, roles=tool.roles.exclude(key=RoleKey.SCHOOL_NURSE))
    body = home(as_user(city.nurse))
    assert "the school’s roles tool does not use this role." in body
    assert f"/roles-tools/{tool.pk}/roles/" not in body
