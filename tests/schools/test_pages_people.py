"""People pages: the coordinator invites, edits, deactivates and reactivates the municipality's people."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from roles.models import RoleKey
from schools.models import Membership, User
from tests.factories import assign, member
from tests.helpers import assert_queries_constant


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def messages_of(response):
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


INVITE = {
    "email": "Uusi.Ihminen@Example.fi",
    "first_name": "Uusi",
    "last_name": "Ihminen",
    "preferred_language": "sv",
    "title": "Kuraattori",
}


@pytest.mark.django_db
class TestMemberList:
    def test_coordinator_sees_people_with_their_roles_this_year(self, city, other_city, as_user):
        response = as_user(city.coordinator).get(reverse("member_list"))
        assert response.status_code == 200
        users = [m.user for m in response.context["memberships"]]
        assert set(users) == {city.coordinator, city.principal, city.teacher, city.nurse}
        assert other_city.teacher not in users
        nurse = next(m for m in response.context["memberships"] if m.user == city.nurse)
        assert [(a.role.key, a.school) for a in nurse.user.year_assignments] == [
            (RoleKey.SCHOOL_NURSE, city.school)
        ]
        body = response.content.decode()
        assert city.nurse.email in body and other_city.nurse.email not in body

    @pytest.mark.parametrize("who", ["principal", "teacher", "nurse"])
    def test_other_roles_are_refused(self, city, as_user, who):
        client = as_user(getattr(city, who))
        for url in (
            reverse("member_list"),
            reverse("member_invite"),
            reverse("member_detail", args=[city.teacher.pk]),
            reverse("member_update", args=[city.teacher.pk]),
        ):
            assert client.get(url).status_code == 403, url

    def test_search_by_name_and_email(self, city, as_user):
        client = as_user(city.coordinator)
        full_name = f"{city.teacher.first_name} {city.teacher.last_name[:3]}"
        found = [m.user for m in client.get(reverse("member_list"), {"q": full_name}).context["memberships"]]
        assert found == [city.teacher]
        found = [
            m.user for m in client.get(reverse("member_list"), {"q": "TERVEYDEN"}).context["memberships"]
        ]
        assert found == [city.nurse]

    def test_filters(self, city, as_user):
        Membership.objects.filter(user=city.teacher, municipality=city.municipality).update(is_active=False)
        client = as_user(city.coordinator)

        def shown(show):
            return {m.user for m in client.get(reverse("member_list"), {"show": show}).context["memberships"]}

        assert shown("inactive") == {city.teacher}
        assert shown("active") == {city.coordinator, city.principal, city.nurse}
        assert shown("coordinators") == {city.coordinator}
        assert city.teacher in shown("")
        # An unknown filter value is ignored rather than a server error.
        assert client.get(reverse("member_list"), {"show": "<x>"}).status_code == 200

    def test_paginated_by_fifty(self, city, as_user):
        for _ in range(50):
            member(city.municipality)
        client = as_user(city.coordinator)
        first = client.get(reverse("member_list"))
        assert len(first.context["memberships"]) == 50
        assert first.context["page_obj"].has_next()
        second = client.get(reverse("member_list"), {"page": 2})
        assert len(second.context["memberships"]) == 4
        assert client.get(reverse("member_list"), {"page": 99}).status_code == 404

    def test_html_in_names_is_escaped(self, city, as_user):
        member(city.municipality, first_name="<script>alert(1)</script>", last_name="X")
        body = as_user(city.coordinator).get(reverse("member_list")).content.decode()
        assert "<script>alert(1)</script>" not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body

    def test_queries_do_not_grow_with_people_and_roles(self, city, as_user):
        client = as_user(city.coordinator)

        def grow():
            for _ in range(10):
                person = member(city.municipality)
                assign(person, city.school, RoleKey.TEACHER, city.year)
                assign(person, city.other_school, RoleKey.STUDY_COUNSELLOR, city.year)

        assert_queries_constant(lambda: client.get(reverse("member_list")), grow, at_most=12)


@pytest.mark.django_db
class TestMemberInvite:
    def test_invitation_email_link_lets_the_person_set_a_password_and_sign_in(
        self, city, as_user, django_capture_on_commit_callbacks
    ):
        client = as_user(city.coordinator)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("member_invite"), INVITE)
        user = User.objects.get(email="uusi.ihminen@example.fi")
        assert response.status_code == 302 and response.url == reverse("member_detail", args=[user.pk])
        membership = Membership.objects.get(user=user, municipality=city.municipality)
        assert (membership.title, membership.is_coordinator, user.preferred_language) == (
            "Kuraattori",
            False,
            "sv",
        )
        assert not user.has_usable_password()

        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["uusi.ihminen@example.fi"]
        link = re.search(r"https?://[^/\s]+(/accounts/invitation/[^\s]+/)", message.body).group(1)

        visitor = Client()
        form_page = visitor.get(link, follow=True)
        assert form_page.status_code == 200 and form_page.context["validlink"]
        set_password_url = form_page.redirect_chain[-1][0]
        password = "Kesä-loma-2027!"
        done = visitor.post(set_password_url, {"new_password1": password, "new_password2": password})
        assert done.status_code == 302
        user.refresh_from_db()
        assert user.has_usable_password()

        signed_in = visitor.post(
            reverse("login"), {"username": "UUSI.ihminen@example.fi", "password": password}
        )
        assert signed_in.status_code == 302
        home = visitor.get(reverse("home"))
        assert home.status_code == 200 and home.context["user"] == user
        assert home.context["actor"].municipality == city.municipality

        # The link works once.
        assert not Client().get(link, follow=True).context["validlink"]

    def test_coordinator_flag_is_kept(self, city, as_user):
        as_user(city.coordinator).post(reverse("member_invite"), {**INVITE, "is_coordinator": "on"})
        assert Membership.objects.get(user__email="uusi.ihminen@example.fi").is_coordinator

    def test_duplicate_email_in_the_municipality_is_a_form_error(self, city, as_user):
        before = (User.objects.count(), Membership.objects.count())
        response = english(as_user(city.coordinator)).post(
            reverse("member_invite"), {**INVITE, "email": city.teacher.email.upper()}
        )
        assert response.status_code == 200
        assert "already in this municipality" in str(response.context["form"].errors["email"])
        assert (User.objects.count(), Membership.objects.count()) == before
        assert mail.outbox == []

    def test_person_of_another_municipality_keeps_the_same_account_and_is_asked_first(
        self, city, other_city, as_user, django_capture_on_commit_callbacks
    ):
        """The invitation waits for the person's answer (tests/schools/test_invitations.py)."""
        with django_capture_on_commit_callbacks(execute=True):
            as_user(city.coordinator).post(
                reverse("member_invite"), {**INVITE, "email": other_city.nurse.email}
            )
        assert not Membership.objects.filter(user=other_city.nurse, municipality=city.municipality).exists()
        assert other_city.nurse.membership_invitations.get().municipality == city.municipality
        assert User.objects.filter(email=other_city.nurse.email).count() == 1
        assert len(mail.outbox) == 1 and "/accounts/invitation/" not in mail.outbox[0].body

    @pytest.mark.parametrize(
        "overrides",
        [{"email": "not-an-address"}, {"email": ""}, {"first_name": ""}, {"preferred_language": "de"}],
    )
    def test_bad_input_is_an_error_and_writes_nothing(self, city, as_user, overrides):
        before = (User.objects.count(), Membership.objects.count())
        response = as_user(city.coordinator).post(reverse("member_invite"), {**INVITE, **overrides})
        assert response.status_code == 200 and response.context["form"].errors
        assert (User.objects.count(), Membership.objects.count()) == before

    def test_teacher_cannot_invite(self, city, as_user):
        before = User.objects.count()
        assert as_user(city.teacher).post(reverse("member_invite"), INVITE).status_code == 403
        assert User.objects.count() == before


@pytest.mark.django_db
class TestMemberDetail:
    def test_coordinator_sees_facts_and_assignments_across_years(self, city, other_city, as_user):
        response = as_user(city.coordinator).get(reverse("member_detail", args=[city.nurse.pk]))
        assert response.status_code == 200
        assert response.context["person"] == city.nurse
        assert [a.school_year for a in response.context["assignments"]] == [city.year, city.previous_year]
        body = response.content.decode()
        for name in ("member_update", "member_deactivate"):
            assert reverse(name, args=[city.nurse.pk]) in body
        # The nurse has a password already, so there is no invitation to send again.
        for name in ("member_reactivate", "member_resend_invitation"):
            assert reverse(name, args=[city.nurse.pk]) not in body

    def test_invited_person_can_get_the_invitation_again(self, city, as_user):
        user = member(city.municipality)
        user.set_unusable_password()
        user.save()
        body = as_user(city.coordinator).get(reverse("member_detail", args=[user.pk])).content.decode()
        assert reverse("member_resend_invitation", args=[user.pk]) in body

    def test_county_staff_show_only_this_municipalitys_assignments(self, city, other_city, as_user):
        Membership.objects.create(user=other_city.nurse, municipality=city.municipality)
        assign(other_city.nurse, city.school, RoleKey.SCHOOL_NURSE, city.year)
        response = as_user(city.coordinator).get(reverse("member_detail", args=[other_city.nurse.pk]))
        assert {a.school for a in response.context["assignments"]} == {city.school}

    def test_person_of_another_municipality_is_404(self, city, other_city, as_user):
        client = as_user(city.coordinator)
        for name in ("member_detail", "member_update"):
            assert client.get(reverse(name, args=[other_city.teacher.pk])).status_code == 404

    def test_own_page_offers_no_deactivation(self, city, as_user):
        body = (
            as_user(city.coordinator)
            .get(reverse("member_detail", args=[city.coordinator.pk]))
            .content.decode()
        )
        assert reverse("member_deactivate", args=[city.coordinator.pk]) not in body


@pytest.mark.django_db
class TestMemberUpdate:
    def data(self, **overrides):
        return {
            "first_name": "Uusi",
            "last_name": "Nimi",
            "preferred_language": "en",
            "title": "Erityisopettaja",
            **overrides,
        }

    def test_coordinator_edits_a_person(self, city, as_user):
        url = reverse("member_update", args=[city.teacher.pk])
        client = as_user(city.coordinator)
        assert client.get(url).context["form"].initial["first_name"] == city.teacher.first_name
        response = client.post(url, self.data(is_coordinator="on"))
        assert response.status_code == 302
        city.teacher.refresh_from_db()
        membership = Membership.objects.get(user=city.teacher, municipality=city.municipality)
        assert (city.teacher.get_full_name(), city.teacher.preferred_language) == ("Uusi Nimi", "en")
        assert (membership.title, membership.is_coordinator) == ("Erityisopettaja", True)

    def test_removing_own_coordinator_rights_is_an_error(self, city, as_user):
        response = english(as_user(city.coordinator)).post(
            reverse("member_update", args=[city.coordinator.pk]), self.data()
        )
        assert response.status_code == 200
        assert "You cannot remove your own coordinator rights." in response.content.decode()
        assert Membership.objects.get(user=city.coordinator, municipality=city.municipality).is_coordinator
        city.coordinator.refresh_from_db()
        assert city.coordinator.first_name == "Kaisa"

    def test_bad_input_changes_nothing(self, city, as_user):
        response = as_user(city.coordinator).post(
            reverse("member_update", args=[city.teacher.pk]), self.data(last_name="", preferred_language="xx")
        )
        assert set(response.context["form"].errors) == {"last_name", "preferred_language"}
        city.teacher.refresh_from_db()
        assert city.teacher.first_name == "Olli"

    def test_another_municipalitys_person_is_404_and_unchanged(self, city, other_city, as_user):
        response = as_user(city.coordinator).post(
            reverse("member_update", args=[other_city.teacher.pk]), self.data()
        )
        assert response.status_code == 404
        other_city.teacher.refresh_from_db()
        assert other_city.teacher.first_name == "Olli"

    def test_teacher_cannot_edit(self, city, as_user):
        response = as_user(city.teacher).post(reverse("member_update", args=[city.teacher.pk]), self.data())
        assert response.status_code == 403
        city.teacher.refresh_from_db()
        assert city.teacher.first_name == "Olli"


@pytest.mark.django_db
class TestMemberActivation:
    def membership(self, city, user):
        return Membership.objects.get(user=user, municipality=city.municipality)

    def test_deactivate_and_reactivate(self, city, as_user):
        client = as_user(city.coordinator)
        response = client.post(reverse("member_deactivate", args=[city.teacher.pk]), follow=True)
        assert response.redirect_chain[-1][0] == reverse("member_detail", args=[city.teacher.pk])
        assert [level for level, _ in messages_of(response)] == ["success"]
        assert not self.membership(city, city.teacher).is_active
        assert reverse("member_reactivate", args=[city.teacher.pk]) in response.content.decode()
        # The deactivated teacher no longer works in the municipality.
        teacher = Client()
        teacher.force_login(city.teacher, backend="django.contrib.auth.backends.ModelBackend")
        assert teacher.get(reverse("home")).context["no_membership"]
        assert teacher.get(reverse("school_list")).status_code == 403

        client.post(reverse("member_reactivate", args=[city.teacher.pk]))
        assert self.membership(city, city.teacher).is_active

    def test_deactivation_leaves_other_municipalities_alone(self, city, other_city, as_user):
        Membership.objects.create(user=other_city.nurse, municipality=city.municipality)
        as_user(city.coordinator).post(reverse("member_deactivate", args=[other_city.nurse.pk]))
        assert not self.membership(city, other_city.nurse).is_active
        assert Membership.objects.get(user=other_city.nurse, municipality=other_city.municipality).is_active

    def test_deactivating_yourself_is_an_error_message(self, city, as_user):
        response = english(as_user(city.coordinator)).post(
            reverse("member_deactivate", args=[city.coordinator.pk]), follow=True
        )
        assert messages_of(response) == [("error", "You cannot deactivate yourself.")]
        assert self.membership(city, city.coordinator).is_active

    def test_get_changes_nothing(self, city, as_user):
        assert (
            as_user(city.coordinator).get(reverse("member_deactivate", args=[city.teacher.pk])).status_code
            == 405
        )
        assert self.membership(city, city.teacher).is_active

    def test_teacher_is_refused(self, city, as_user):
        assert (
            as_user(city.teacher).post(reverse("member_deactivate", args=[city.nurse.pk])).status_code == 403
        )
        assert self.membership(city, city.nurse).is_active

    def test_another_municipalitys_person_is_404_and_unchanged(self, city, other_city, as_user):
        client = as_user(city.coordinator)
        for name in ("member_deactivate", "member_reactivate", "member_resend_invitation"):
            assert client.post(reverse(name, args=[other_city.teacher.pk])).status_code == 404
        assert Membership.objects.get(user=other_city.teacher).is_active
        assert mail.outbox == []


@pytest.mark.django_db
class TestResendInvitation:
    def test_sends_the_invitation_again(self, city, as_user, django_capture_on_commit_callbacks):
        user = member(city.municipality, email="odottaja@alfala.fi")
        user.set_unusable_password()
        user.save()
        with django_capture_on_commit_callbacks(execute=True):
            response = as_user(city.coordinator).post(
                reverse("member_resend_invitation", args=[user.pk]), follow=True
            )
        assert [level for level, _ in messages_of(response)] == ["success"]
        assert len(mail.outbox) == 1 and mail.outbox[0].to == ["odottaja@alfala.fi"]
        assert "/accounts/invitation/" in mail.outbox[0].body

    def test_deactivated_person_gets_nothing(self, city, as_user, django_capture_on_commit_callbacks):
        Membership.objects.filter(user=city.teacher, municipality=city.municipality).update(is_active=False)
        with django_capture_on_commit_callbacks(execute=True):
            response = as_user(city.coordinator).post(
                reverse("member_resend_invitation", args=[city.teacher.pk]), follow=True
            )
        assert [level for level, _ in messages_of(response)] == ["error"]
        assert mail.outbox == []
