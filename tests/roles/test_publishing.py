"""Publishing that cannot surprise (issue 8, items 1–2): the publish confirmation, the refusals of an
empty or ended tool, "confirm all" that asks first and can be undone until publication, the main
button as the next step that can succeed, one document per state, reading views for readers."""

from __future__ import annotations

import datetime
import re

import pytest
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import AuditEvent
from notifications.models import Notification
from roles import policies, selectors, services
from roles.models import ConfirmAllBatch, PracticalAct, RoleKey, RolesTool, RolesToolRevision
from tests.factories import SchoolYearFactory, assign, member, role
from tests.helpers import assert_queries_constant

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)


@pytest.fixture(autouse=True)
def english_messages():
    """The services' messages read in English here (pages ask for English with the cookie)."""
    with translation.override("en"):
        yield


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def snapshot() -> str:
    watched = (RolesTool, RolesToolRevision, PracticalAct, ConfirmAllBatch, Notification, AuditEvent)
    return "".join(serializers.serialize("json", m.objects.order_by("pk")) for m in watched)


def add_act(city, actor, tool, key=RoleKey.TEACHER, text="Opettaja ryhmäyttää luokan.") -> PracticalAct:
    return services.act_create(
        actor=actor,
        tool=tool,
        role=role(city.municipality, key),
        section=selectors.sections_for(actor).first(),
        text=text,
    )


@pytest.fixture
def principal(city, actor_for):
    return actor_for(city.principal)


@pytest.fixture
def tool(city, principal) -> RolesTool:
    return services.tool_create(actor=principal, school=city.school, school_year=city.year)


@pytest.fixture
def carried(city, principal) -> RolesTool:
    """This year's tool carried over from last year's: three acts (two roles) waiting for confirmation."""
    last = services.tool_create(actor=principal, school=city.school, school_year=city.previous_year)
    add_act(city, principal, last, RoleKey.TEACHER, "Ryhmäytys syyskuussa.")
    add_act(city, principal, last, RoleKey.TEACHER, "Vanhempainilta.")
    add_act(city, principal, last, RoleKey.SCHOOL_NURSE, "Terveystarkastukset.")
    return services.tool_create(actor=principal, school=city.school, school_year=city.year, carry_over=True)


def next_step(actor, tool, today=TODAY):
    acts, unconfirmed = selectors.act_counts(tool)
    return policies.roles_tool.next_step(actor, tool, act_count=acts, unconfirmed=unconfirmed, today=today)


# --- The service refuses what cannot be published ------------------------------------------------


class TestPublishRefusals:
    def test_an_empty_tool_is_refused_and_nothing_changes(self, principal, tool):
        before = snapshot()
        with pytest.raises(ValidationError) as refused:
            services.tool_publish(actor=principal, tool=tool)
        assert "No role has any acts yet" in " ".join(refused.value.messages)
        assert snapshot() == before

    def test_a_tool_of_an_ended_school_year_is_refused(self, city, principal, tool):
        add_act(city, principal, tool)
        before = snapshot()
        with pytest.raises(ValidationError) as refused:
            services.tool_publish(actor=principal, tool=tool, today=city.year.ends_on + datetime.timedelta(1))
        assert "ended on 31.07.2027" in " ".join(refused.value.messages)
        assert snapshot() == before
        # On the year's last day it still can be published.
        assert services.tool_publish(actor=principal, tool=tool, today=city.year.ends_on).number == 1

    def test_last_years_tool_is_refused_today(self, city, principal):
        """The previous year ended on 31.7.2026, before the day these tests assume (inside city.year)."""
        last = services.tool_create(actor=principal, school=city.school, school_year=city.previous_year)
        add_act(city, principal, last)
        with pytest.raises(ValidationError, match="ended"):
            services.tool_publish(actor=principal, tool=last)
        assert not last.revisions.exists()

    def test_every_reason_is_given_at_once(self, city, principal, carried):
        empty_year = SchoolYearFactory(
            municipality=city.municipality,
            starts_on=datetime.date(2020, 8, 1),
            ends_on=datetime.date(2021, 6, 1),
        )
        assign(city.principal, city.school, RoleKey.PRINCIPAL, empty_year)
        old = services.tool_create(actor=principal, school=city.school, school_year=empty_year)
        with pytest.raises(ValidationError) as refused:
            services.tool_publish(actor=principal, tool=old)
        assert len(refused.value.messages) == 2  # ended, and no acts
        with pytest.raises(ValidationError, match="not confirmed yet"):
            services.tool_publish(actor=principal, tool=carried)


# --- Confirm all, and its undo -----------------------------------------------------------------


class TestConfirmAll:
    def test_confirm_all_records_a_batch_and_confirming_twice_is_refused(self, principal, carried):
        batch = services.acts_confirm_all(actor=principal, tool=carried)
        assert len(batch.acts) == 3 and not carried.acts.filter(carried_over=True).exists()
        before = snapshot()
        with pytest.raises(services.NothingToConfirm, match="no carried-over acts to confirm"):
            services.acts_confirm_all(actor=principal, tool=carried)
        assert snapshot() == before

    def test_undo_sets_the_acts_back_but_not_one_edited_since(self, principal, carried):
        batch = services.acts_confirm_all(actor=principal, tool=carried)
        edited = carried.acts.order_by("pk").first()
        services.act_update(
            actor=principal,
            act=edited,
            version=edited.version,
            text="Muokattu.",
            months=[],
            with_whom="",
            responsible=None,
        )
        assert services.acts_confirm_all_undo(actor=principal, batch=batch) == 2
        assert set(carried.acts.filter(carried_over=True).values_list("pk", flat=True)) == (
            {int(pk) for pk in batch.acts} - {edited.pk}
        )
        batch.refresh_from_db()
        assert batch.undone_at is not None
        before = snapshot()
        with pytest.raises(ValidationError, match="already been undone"):
            services.acts_confirm_all_undo(actor=principal, batch=batch)
        assert snapshot() == before

    def test_undo_is_refused_after_publication_even_when_reopened(self, principal, carried):
        batch = services.acts_confirm_all(actor=principal, tool=carried)
        services.tool_publish(actor=principal, tool=carried)
        before = snapshot()
        with pytest.raises(ValidationError, match="published since"):
            services.acts_confirm_all_undo(actor=principal, batch=batch)
        services.tool_reopen(actor=principal, tool=carried)
        before = snapshot()
        with pytest.raises(ValidationError, match="published since"):
            services.acts_confirm_all_undo(actor=principal, batch=batch)
        assert snapshot() == before
        carried.refresh_from_db()
        assert selectors.undoable_confirm_batch(carried) is None

    def test_only_the_principal_undoes(self, city, principal, carried, actor_for):
        batch = services.acts_confirm_all(actor=principal, tool=carried)
        before = snapshot()
        for who in (city.teacher, city.coordinator):
            with pytest.raises(Exception):  # noqa: B017 - PermissionDenied
                services.acts_confirm_all_undo(actor=actor_for(who), batch=batch)
        assert snapshot() == before


# --- The next step --------------------------------------------------------------------------------


def test_the_next_step_is_the_one_that_can_succeed(city, principal, tool, actor_for):
    assert next_step(principal, tool) is None  # empty: nothing can succeed yet
    add_act(city, principal, tool)
    assert next_step(principal, tool) == "publish"
    assert next_step(principal, tool, today=city.year.ends_on + datetime.timedelta(1)) is None
    assert next_step(actor_for(city.teacher), tool) is None
    services.tool_publish(actor=principal, tool=tool)
    tool.refresh_from_db()
    assert next_step(principal, tool) is None


def test_the_next_step_of_a_carried_over_tool_is_confirming(principal, carried):
    assert next_step(principal, carried) == "confirm_all"
    services.acts_confirm_all(actor=principal, tool=carried)
    assert next_step(principal, carried) == "publish"


# --- Pages ---------------------------------------------------------------------------------------


def primary_step(body: str) -> list[str]:
    return re.findall(r'data-next-step="(\w+)"', body)


class TestPublishPage:
    def test_an_empty_tool_shows_the_reason_instead_of_the_button(self, city, as_user, tool):
        client = english(as_user(city.principal))
        response = client.get(reverse("roles_tool_publish", args=[tool.pk]))
        body = response.content.decode()
        assert response.status_code == 200
        assert "No role has any acts yet" in body and 'id="publish-refusals"' in body
        assert "Publish and tell the staff" not in body
        assert len(response.context["preview"].roles_without_acts) == 12
        before = snapshot()
        response = client.post(reverse("roles_tool_publish", args=[tool.pk]))
        assert response.status_code == 400 and "No role has any acts yet" in response.content.decode()
        assert snapshot() == before

    def test_the_confirmation_lists_what_is_missing_and_who_is_told(self, city, as_user, principal, carried):
        client = english(as_user(city.principal))
        body = client.get(reverse("roles_tool_publish", args=[carried.pk])).content.decode()
        assert city.year.name in body and "10.8.2026–31.7.2027" in body
        assert 'data-recipients="3"' in body and "3 staff members of the school are told by e-mail." in body
        assert "Ryhmäytys syyskuussa." in body and "not confirmed yet" in body
        assert "Publish and tell the staff" not in body

        services.acts_confirm_all(actor=principal, tool=carried)
        response = client.get(reverse("roles_tool_publish", args=[carried.pk]))
        body = response.content.decode()
        assert "Publish and tell the staff" in body and "publish-refusals" not in body
        assert role(city.municipality, RoleKey.PSYCHOLOGIST).name in body  # a role without acts
        response = client.post(reverse("roles_tool_publish", args=[carried.pk]), follow=True)
        assert response.redirect_chain[-1][0] == reverse("roles_tool_detail", args=[carried.pk])
        assert carried.revisions.count() == 1
        assert Notification.objects.filter(kind="roles_tool_published").count() == 3

    def test_the_old_one_click_publish_only_leads_to_the_confirmation(self, city, as_user, carried):
        response = as_user(city.principal).post(
            reverse("roles_tool_state", args=[carried.pk]), {"action": "publish"}
        )
        assert response.status_code == 302 and response["Location"] == reverse(
            "roles_tool_publish", args=[carried.pk]
        )
        assert not carried.revisions.exists()

    def test_staff_and_the_coordinator_cannot_open_it(self, city, as_user, carried):
        for user in (city.teacher, city.coordinator):
            client = as_user(user)
            assert client.get(reverse("roles_tool_publish", args=[carried.pk])).status_code == 403
            assert client.get(reverse("acts_confirm_all", args=[carried.pk])).status_code == 403
            assert client.post(reverse("acts_confirm_all_undo", args=[carried.pk])).status_code == 403

    def test_the_confirmation_is_constant_in_queries(self, city, as_user, principal, tool):
        client = as_user(city.principal)
        url = reverse("roles_tool_publish", args=[tool.pk])
        keys = iter([RoleKey.TEACHER, RoleKey.SCHOOL_NURSE, RoleKey.PSYCHOLOGIST, RoleKey.PUPIL])

        def grow():
            key = next(keys)
            for n in range(5):
                add_act(city, principal, tool, key, f"Teko {key} {n}.")
            PracticalAct.objects.filter(tool=tool).update(carried_over=True)

        assert_queries_constant(lambda: client.get(url), grow)


class TestToolPage:
    def test_the_main_button_follows_the_next_step(self, city, as_user, principal, carried):
        client = english(as_user(city.principal))
        url = reverse("roles_tool_detail", args=[carried.pk])
        body = client.get(url).content.decode()
        assert primary_step(body) == ["confirm_all"] and "Confirm the 3 carried-over acts" in body

        # Confirm all asks first, then confirms, then offers the undo.
        page = client.get(reverse("acts_confirm_all", args=[carried.pk])).content.decode()
        assert "Terveystarkastukset." in page and "Confirm all of them" in page
        assert carried.acts.filter(carried_over=True).count() == 3  # asking changed nothing
        response = client.post(reverse("acts_confirm_all", args=[carried.pk]), follow=True)
        body = response.content.decode()
        assert "3 carried-over acts were confirmed." in body
        assert primary_step(body) == ["publish"] and "Undo the confirmation" in body
        # Confirming twice (a second click): a message, nothing changed.
        before = snapshot()
        response = client.post(reverse("acts_confirm_all", args=[carried.pk]), follow=True)
        assert "no carried-over acts to confirm" in response.content.decode()
        assert snapshot() == before

        response = client.post(reverse("acts_confirm_all_undo", args=[carried.pk]), follow=True)
        body = response.content.decode()
        assert "3 acts are carried over again" in body and primary_step(body) == ["confirm_all"]
        assert carried.acts.filter(carried_over=True).count() == 3

        # Undoing after publication: a message, nothing changed.
        batch = services.acts_confirm_all(actor=principal, tool=carried)
        services.tool_publish(actor=principal, tool=carried)
        before = snapshot()
        response = client.post(
            reverse("acts_confirm_all_undo", args=[carried.pk]), {"batch": batch.pk}, follow=True
        )
        assert "no confirmation to undo" in response.content.decode()
        assert snapshot() == before

    def test_one_document_per_state_and_no_idle_controls(self, city, as_user, principal, tool):
        add_act(city, principal, tool)
        client = english(as_user(city.principal))
        url = reverse("roles_tool_detail", args=[tool.pk])
        body = client.get(url).content.decode()
        assert "Draft as it is now" in body and reverse("roles_tool_pdf", args=[tool.pk]) in body
        assert "Published version" not in body
        assert "Save the deadline" in body and "Choose the roles used" in body

        revision = services.tool_publish(actor=principal, tool=tool)
        body = client.get(url).content.decode()
        # The page shows the local (Helsinki) date: after 22:00 UTC it is already the next day there.
        date = f"{timezone.localtime(revision.published_at):%-d.%-m.%Y}"
        assert f"Published version 1, {date} (PDF)" in body
        assert reverse("roles_tool_revision_pdf", args=[tool.pk, 1]) in body
        assert (
            "Draft as it is now" not in body
            and f'href="{reverse("roles_tool_pdf", args=[tool.pk])}"' not in body
        )
        assert "Save the deadline" not in body and "Choose the roles used" not in body
        assert primary_step(body) == [] and "Publish…" not in body

    def test_readers_get_a_reading_view(self, city, as_user, carried):
        for user in (city.coordinator,):
            body = (
                english(as_user(user)).get(reverse("roles_tool_detail", args=[carried.pk])).content.decode()
            )
            assert "You may edit" not in body and "to confirm" not in body
            assert "3 acts carried over, not confirmed yet" in body
        # The nurse reads the teacher's acts: no "confirm or edit" prompt there.
        teacher_role = role(city.municipality, RoleKey.TEACHER)
        body = (
            english(as_user(city.nurse))
            .get(reverse("roles_tool_role", args=[carried.pk, teacher_role.pk]))
            .content.decode()
        )
        assert "confirm or edit" not in body and "Carried over from last year" in body
        body = english(as_user(city.teacher)).get(
            reverse("roles_tool_role", args=[carried.pk, teacher_role.pk])
        )
        assert "Carried over — confirm or edit" in body.content.decode()


# --- API -----------------------------------------------------------------------------------------


@pytest.fixture
def api():
    from rest_framework.test import APIClient

    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


class TestApi:
    def test_publishing_an_empty_tool_is_400_with_the_reason(self, city, api, tool):
        detail = api(city.principal).get(reverse("roles-tool-detail", args=[tool.pk])).json()
        assert detail["publishing"]["next_step"] is None
        assert "No role has any acts yet" in detail["publishing"]["refusals"][0]
        before = snapshot()
        response = api(city.principal).post(reverse("roles-tool-publish", args=[tool.pk]))
        assert response.status_code == 400
        assert "No role has any acts yet" in str(response.json())
        assert snapshot() == before

    def test_confirm_all_and_undo(self, city, api, principal, carried):
        client = api(city.principal)
        detail = client.get(reverse("roles-tool-detail", args=[carried.pk])).json()
        assert detail["publishing"]["next_step"] == "confirm_all"
        response = client.post(reverse("roles-tool-confirm-all", args=[carried.pk]))
        assert response.status_code == 200 and response.json()["confirmed"] == 3
        batch = response.json()["batch"]
        before = snapshot()
        again = client.post(reverse("roles-tool-confirm-all", args=[carried.pk]))
        assert again.status_code == 200 and again.json()["confirmed"] == 0 and again.json()["batch"] is None
        assert "no carried-over acts to confirm" in again.json()["detail"]
        assert snapshot() == before

        undo = reverse("roles-tool-confirm-all-undo", args=[carried.pk])
        response = client.post(undo, {"batch": batch}, format="json")
        assert response.status_code == 200 and response.json() == {"restored": 3}
        before = snapshot()
        assert client.post(undo, {"batch": batch}, format="json").status_code == 400
        assert snapshot() == before

        services.acts_confirm_all(actor=principal, tool=carried)
        assert client.post(reverse("roles-tool-publish", args=[carried.pk])).status_code == 200
        before = snapshot()
        response = client.post(undo, {}, format="json")
        assert response.status_code == 400 and "published since" in str(response.json())
        assert snapshot() == before

    def test_staff_cannot_confirm_all_or_undo(self, city, api, carried):
        before = snapshot()
        for user in (city.teacher, city.coordinator):
            client = api(user)
            assert client.post(reverse("roles-tool-confirm-all", args=[carried.pk])).status_code == 403
            assert client.post(reverse("roles-tool-confirm-all-undo", args=[carried.pk])).status_code == 403
        assert snapshot() == before


def test_a_newcomer_without_a_role_is_not_emailed(city, principal, carried):
    newcomer = member(city.municipality)
    services.acts_confirm_all(actor=principal, tool=carried)
    preview = selectors.publish_preview(carried, today=TODAY)
    assert preview.recipient_count == 3
    services.tool_publish(actor=principal, tool=carried)
    assert not Notification.objects.filter(recipient=newcomer).exists()
