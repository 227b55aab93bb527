"""Security probe, finding 3: a person's account is theirs.

A coordinator could invite an existing account of another municipality without its owner's consent,
see their name, change their name and language (global: the other municipality saw the change), and
their default municipality could flip to the new one. Now: an existing account gets a pending
invitation that only its owner accepts; until then the coordinator sees only the address they typed;
name and language change only by the person or a coordinator of every municipality they belong to;
the default municipality moves only when the person chooses.
"""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from roles.models import RoleKey
from roles.staffing import assignment_create
from schools import services
from schools.models import Membership, MembershipInvitation, User
from schools.policies import person
from schools.tenancy import SESSION_KEY, resolve_actor
from tests.factories import PASSWORD, member, role

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def invite_data(email: str, **overrides) -> dict:
    return {
        "email": email,
        "first_name": "Väärä",
        "last_name": "Nimi",
        "preferred_language": "en",
        "title": "Koulupsykologi",
        **overrides,
    }


def personal(user: User) -> tuple:
    user.refresh_from_db()
    return (user.first_name, user.last_name, user.preferred_language, user.email)


@pytest.fixture
def nurse(other_city) -> User:
    """Betala's nurse: an existing account of another municipality, as seen from Alfala (a name no
    one in Alfala has, so a page showing it is caught)."""
    nurse = other_city.nurse
    nurse.first_name, nurse.last_name = "Sinikka", "Salonsaari"
    nurse.save()
    return nurse


@pytest.fixture
def invited(city, nurse, as_user, django_capture_on_commit_callbacks) -> MembershipInvitation:
    """Alfala's coordinator invites Betala's nurse through the page, the address typed in capitals."""
    with django_capture_on_commit_callbacks(execute=True):
        as_user(city.coordinator).post(
            reverse("member_invite"), invite_data(nurse.email.upper()), follow=True
        )
    return MembershipInvitation.objects.get(user=nurse)


def api_as(user: User) -> APIClient:
    client = APIClient()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def accept(user: User, invitation: MembershipInvitation) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    english(client).post(reverse("membership_invitation_accept", args=[invitation.pk]))
    return client


class TestInvitingAnExistingAccount:
    def test_creates_only_a_pending_invitation_and_changes_nothing_of_the_person(
        self, city, nurse, as_user, django_capture_on_commit_callbacks
    ):
        before = personal(nurse)
        with django_capture_on_commit_callbacks(execute=True):
            response = english(as_user(city.coordinator)).post(
                reverse("member_invite"), invite_data(nurse.email.upper()), follow=True
            )
        assert response.redirect_chain[-1][0] == reverse("member_list")
        assert not Membership.objects.filter(user=nurse, municipality=city.municipality).exists()
        invitation = MembershipInvitation.objects.get(user=nurse)
        assert (invitation.municipality, invitation.email, invitation.status, invitation.title) == (
            city.municipality,
            nurse.email,
            MembershipInvitation.Status.PENDING,
            "Koulupsykologi",
        )
        assert personal(nurse) == before
        # The person is told, in their own language, where to answer; no set-password link.
        [message] = mail.outbox
        assert message.to == [nurse.email]
        assert "/account/" in message.body and "/accounts/invitation/" not in message.body

    def test_the_coordinator_sees_only_the_address_they_typed(self, city, nurse, invited, as_user):
        client = english(as_user(city.coordinator))
        body = client.get(reverse("member_list")).content.decode()
        assert nurse.email in body and "invitation pending" in body
        assert nurse.last_name not in body and nurse.first_name not in body
        for name in ("member_detail", "member_update"):
            assert client.get(reverse(name, args=[nurse.pk])).status_code == 404
        api = api_as(city.coordinator)
        assert nurse.pk not in [u["id"] for u in api.get(reverse("user-list")).json()["results"]]
        assert api.get(reverse("user-detail", args=[nurse.pk])).status_code == 404

    def test_the_person_cannot_be_staffed_before_accepting(self, city, nurse, invited, actor_for):
        with pytest.raises(ValidationError):
            assignment_create(
                actor=actor_for(city.coordinator),
                user=nurse,
                school=city.school,
                role=role(city.municipality, RoleKey.SCHOOL_NURSE),
                school_year=city.year,
            )
        assert not nurse.assignments.filter(school=city.school).exists()

    def test_inviting_again_while_pending_is_a_form_error(self, city, nurse, invited, as_user):
        response = english(as_user(city.coordinator)).post(reverse("member_invite"), invite_data(nurse.email))
        assert "has already been invited" in str(response.context["form"].errors["email"])
        assert MembershipInvitation.objects.filter(user=nurse).count() == 1

    def test_a_new_address_still_gets_an_account_and_membership_at_once(self, city, as_user):
        as_user(city.coordinator).post(reverse("member_invite"), invite_data("uusi@alfala.fi"))
        user = User.objects.get(email="uusi@alfala.fi")
        assert (user.first_name, user.last_name) == ("Väärä", "Nimi")
        assert Membership.objects.filter(user=user, municipality=city.municipality, is_active=True).exists()
        assert not MembershipInvitation.objects.exists()


class TestAnswering:
    def test_sign_in_leads_to_the_invitation_and_accepting_joins(self, city, other_city, nurse, invited):
        client = english(Client())
        response = client.post(reverse("login"), {"username": nurse.email, "password": PASSWORD})
        assert response.status_code == 302 and response.url == reverse("account")
        page = client.get(reverse("account")).content.decode()
        assert city.municipality.name in page and "Koulupsykologi" in page
        assert reverse("membership_invitation_accept", args=[invited.pk]) in page

        response = client.post(reverse("membership_invitation_accept", args=[invited.pk]), follow=True)
        assert "You joined Alfala." in response.content.decode()
        membership = Membership.objects.get(user=nurse, municipality=city.municipality)
        assert (membership.is_active, membership.title, membership.is_coordinator) == (
            True,
            "Koulupsykologi",
            False,
        )
        invited.refresh_from_db()
        assert invited.status == MembershipInvitation.Status.ACCEPTED and invited.responded_at
        # Alfala sorts before Betala, yet the nurse still starts in Betala, where she started before.
        home = Client()
        home.force_login(nurse, backend="django.contrib.auth.backends.ModelBackend")
        assert home.get(reverse("home")).context["actor"].municipality == other_city.municipality
        nurse.refresh_from_db()
        assert nurse.default_municipality == other_city.municipality

    def test_after_accepting_the_coordinator_sees_the_person(self, city, nurse, invited, as_user):
        accept(nurse, invited)
        client = as_user(city.coordinator)
        assert nurse.last_name in client.get(reverse("member_list")).content.decode()
        assert client.get(reverse("member_detail", args=[nurse.pk])).status_code == 200

    def test_declining_leaves_nothing_in_the_inviting_municipality(self, city, nurse, invited, as_user):
        client = Client()
        client.force_login(nurse, backend="django.contrib.auth.backends.ModelBackend")
        client.post(reverse("membership_invitation_decline", args=[invited.pk]))
        invited.refresh_from_db()
        assert invited.status == MembershipInvitation.Status.DECLINED
        assert not Membership.objects.filter(user=nurse, municipality=city.municipality).exists()
        assert nurse.email not in as_user(city.coordinator).get(reverse("member_list")).content.decode()
        # An answered invitation is gone: accepting it now is a 404.
        assert client.post(reverse("membership_invitation_accept", args=[invited.pk])).status_code == 404
        assert not Membership.objects.filter(user=nurse, municipality=city.municipality).exists()

    def test_someone_elses_invitation_is_404(self, city, nurse, invited, as_user):
        client = as_user(city.teacher)
        for name in ("membership_invitation_accept", "membership_invitation_decline"):
            assert client.post(reverse(name, args=[invited.pk])).status_code == 404
        invited.refresh_from_db()
        assert invited.status == MembershipInvitation.Status.PENDING
        assert Membership.objects.filter(municipality=city.municipality).count() == 4

    def test_a_withdrawn_invitation_cannot_be_accepted(self, city, nurse, invited, as_user):
        response = english(as_user(city.coordinator)).post(
            reverse("member_invitation_cancel", args=[invited.pk]), follow=True
        )
        assert f"The invitation to {nurse.email} was withdrawn." in response.content.decode()
        invited.refresh_from_db()
        assert invited.status == MembershipInvitation.Status.CANCELLED
        client = Client()
        client.force_login(nurse, backend="django.contrib.auth.backends.ModelBackend")
        assert client.post(reverse("membership_invitation_accept", args=[invited.pk])).status_code == 404
        assert not Membership.objects.filter(user=nurse, municipality=city.municipality).exists()

    def test_only_a_coordinator_of_the_municipality_withdraws(self, city, other_city, invited, as_user):
        assert (
            as_user(city.teacher).post(reverse("member_invitation_cancel", args=[invited.pk])).status_code
            == 403
        )
        assert (
            as_user(other_city.coordinator)
            .post(reverse("member_invitation_cancel", args=[invited.pk]))
            .status_code
            == 404
        )
        invited.refresh_from_db()
        assert invited.status == MembershipInvitation.Status.PENDING

    def test_the_home_page_points_to_a_waiting_invitation(self, nurse, invited):
        client = english(Client())
        client.force_login(nurse, backend="django.contrib.auth.backends.ModelBackend")
        body = client.get(reverse("home")).content.decode()
        assert "An invitation to a municipality is waiting for your answer." in body
        assert reverse("account") in body


class TestPersonalData:
    """Name and language are global: another municipality's coordinator cannot change them."""

    def test_the_coordinator_of_only_one_of_the_municipalities_cannot_change_them(
        self, city, nurse, invited, as_user, actor_for
    ):
        accept(nurse, invited)
        before = personal(nurse)
        client = english(as_user(city.coordinator))
        url = reverse("member_update", args=[nurse.pk])
        form = client.get(url).context["form"]
        assert all(form.fields[name].disabled for name in ("first_name", "last_name", "preferred_language"))
        assert "only they can change this" in client.get(url).content.decode()
        response = client.post(
            url,
            {
                "first_name": "Muutettu",
                "last_name": "Nimi",
                "preferred_language": "en",
                "title": "Uusi titteli",
            },
        )
        assert response.status_code == 302
        assert personal(nurse) == before
        # The job title is this municipality's own and changes.
        assert Membership.objects.get(user=nurse, municipality=city.municipality).title == "Uusi titteli"
        membership = Membership.objects.get(user=nurse, municipality=city.municipality)
        with pytest.raises(PermissionDenied):
            services.member_update(
                actor=actor_for(city.coordinator),
                membership=membership,
                first_name="Muutettu",
                last_name=nurse.last_name,
                preferred_language=nurse.preferred_language,
                is_coordinator=False,
            )
        assert personal(nurse) == before

    def test_a_deactivated_membership_elsewhere_still_counts(self, city, nurse, invited, actor_for):
        accept(nurse, invited)
        Membership.objects.filter(user=nurse).exclude(municipality=city.municipality).update(is_active=False)
        assert not person.allows(actor_for(city.coordinator), "change_personal_data", nurse)

    def test_a_coordinator_of_every_municipality_of_the_person_can(
        self, city, other_city, nurse, invited, actor_for
    ):
        accept(nurse, invited)
        Membership.objects.create(
            user=city.coordinator, municipality=other_city.municipality, is_coordinator=True
        )
        membership = Membership.objects.get(user=nurse, municipality=city.municipality)
        services.member_update(
            actor=actor_for(city.coordinator, city.municipality),
            membership=membership,
            first_name="Tiina",
            last_name="Uusinimi",
            preferred_language="sv",
            is_coordinator=False,
        )
        assert personal(nurse)[:3] == ("Tiina", "Uusinimi", "sv")

    def test_the_person_changes_their_own_details(self, nurse):
        client = english(Client())
        client.force_login(nurse, backend="django.contrib.auth.backends.ModelBackend")
        response = client.post(
            reverse("account"), {"first_name": "Tiina", "last_name": "Uusi", "preferred_language": "sv"}
        )
        assert response.status_code == 302
        assert personal(nurse)[:3] == ("Tiina", "Uusi", "sv")
        response = client.post(
            reverse("account"), {"first_name": "Ti\nina", "last_name": "Uusi", "preferred_language": "sv"}
        )
        assert response.status_code == 200 and response.context["form"].errors["first_name"]
        assert personal(nurse)[0] == "Tiina"


class TestDefaultMunicipality:
    def test_the_person_chooses_it(self, city, other_city, nurse, invited):
        client = accept(nurse, invited)
        response = client.post(
            reverse("account_default_municipality"), {"municipality": city.municipality.pk}, follow=True
        )
        assert "Alfala is now your default municipality." in response.content.decode()
        nurse.refresh_from_db()
        assert nurse.default_municipality == city.municipality
        assert resolve_actor(nurse).municipality == city.municipality
        # A fresh sign-in (no session choice) starts there.
        fresh = Client()
        fresh.force_login(nurse, backend="django.contrib.auth.backends.ModelBackend")
        assert SESSION_KEY not in fresh.session
        assert fresh.get(reverse("home")).context["actor"].municipality == city.municipality

    def test_only_ones_own_active_municipality_can_be_chosen(self, city, nurse):
        client = Client()
        client.force_login(nurse, backend="django.contrib.auth.backends.ModelBackend")
        response = client.post(
            reverse("account_default_municipality"), {"municipality": city.municipality.pk}
        )
        assert response.status_code == 200 and response.context["default_form"].errors
        nurse.refresh_from_db()
        assert nurse.default_municipality_id is None

    def test_without_a_choice_the_municipality_joined_first(self, city, other_city):
        person = member(other_city.municipality)
        Membership.objects.create(user=person, municipality=city.municipality)
        assert resolve_actor(person).municipality == other_city.municipality

    def test_the_migration_pins_everyones_start_where_it_was(self, city, other_city):
        """Before: the first active membership by municipality name. The migration keeps it so."""
        person = member(other_city.municipality)
        Membership.objects.create(user=person, municipality=city.municipality)
        migration = importlib.import_module("schools.migrations.0006_default_municipality_as_before")
        migration.pin_defaults(apps, None)
        person.refresh_from_db()
        assert person.default_municipality == city.municipality  # Alfala sorts first
        assert resolve_actor(person).municipality == city.municipality
