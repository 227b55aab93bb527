"""Who the API acts for: session or token, in which municipality, and nobody without a membership."""

from __future__ import annotations

import pytest
from django.urls import reverse

from schools import services
from schools.models import Membership
from schools.tenancy import SESSION_KEY, resolve_actor
from tests.factories import UserFactory

LISTS = ["school-list", "school-year-list", "role-list", "assignment-list", "user-list"]


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["results"]}


@pytest.fixture
def county_nurse(city, other_city):
    """The nurse serves both municipalities (wellbeing services county staff)."""
    Membership.objects.create(user=city.nurse, municipality=other_city.municipality, title="Terveydenhoitaja")
    return city.nurse


@pytest.mark.django_db
class TestTokenAuth:
    def test_header_chooses_the_municipality(self, city, other_city, county_nurse, api):
        in_other = api(county_nurse, other_city.municipality)
        assert ids(in_other.get(reverse("school-list"))) == {other_city.school.pk, other_city.other_school.pk}
        assert ids(in_other.get(reverse("school-year-list"))) == {
            other_city.year.pk,
            other_city.previous_year.pk,
        }
        assert ids(in_other.get(reverse("assignment-list"))) == set(
            other_city.school.assignments.values_list("pk", flat=True)
        )
        in_home = api(county_nurse, city.municipality)
        assert ids(in_home.get(reverse("school-list"))) == {city.school.pk, city.other_school.pk}

    def test_without_header_the_default_municipality(self, city, other_city, county_nurse, api):
        # No choice made: the municipality the nurse joined first (Alfala).
        assert ids(api(county_nurse).get(reverse("school-list"))) == {city.school.pk, city.other_school.pk}
        county_nurse.default_municipality = other_city.municipality
        county_nurse.save()
        assert ids(api(county_nurse).get(reverse("school-list"))) == {
            other_city.school.pk,
            other_city.other_school.pk,
        }

    def test_joining_a_municipality_that_sorts_first_does_not_move_the_default(self, city, other_city, api):
        """Security probe, finding 3: Betala's nurse accepted Alfala's invitation and her API calls
        without X-Municipality started answering from Alfala (the first by name)."""
        nurse = other_city.nurse
        services.member_invite(
            actor=resolve_actor(city.coordinator), email=nurse.email, first_name="", last_name=""
        )
        services.invitation_accept(user=nurse, invitation=nurse.membership_invitations.get())
        assert Membership.objects.filter(user=nurse, municipality=city.municipality, is_active=True).exists()
        assert ids(api(nurse).get(reverse("school-list"))) == {
            other_city.school.pk,
            other_city.other_school.pk,
        }
        nurse.refresh_from_db()
        assert nurse.default_municipality == other_city.municipality

    def test_membership_fields_follow_the_chosen_municipality(self, city, other_city, county_nurse, api):
        response = api(county_nurse, other_city.municipality).get(
            reverse("user-detail", args=[county_nurse.pk])
        )
        assert response.json()["title"] == "Terveydenhoitaja"
        response = api(county_nurse, city.municipality).get(reverse("user-detail", args=[county_nurse.pk]))
        assert response.json()["title"] == ""

    def test_naming_a_municipality_without_membership_is_refused(self, city, other_city, api):
        client = api(city.teacher, other_city.municipality)
        for name in LISTS:
            assert client.get(reverse(name)).status_code == 403
        bad = api(city.teacher)
        bad.credentials(HTTP_AUTHORIZATION=f"Token {city.teacher.auth_token.key}", HTTP_X_MUNICIPALITY="abc")
        assert bad.get(reverse("school-list")).status_code == 403

    def test_inactive_membership_no_longer_reaches_that_municipality(
        self, city, other_city, county_nurse, api
    ):
        Membership.objects.filter(user=county_nurse, municipality=other_city.municipality).update(
            is_active=False
        )
        assert api(county_nurse, other_city.municipality).get(reverse("school-list")).status_code == 403

    def test_wrong_token_is_refused(self, city, api):
        client = api(city.teacher)
        client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
        # 403 rather than 401: the session authenticator comes first and sends no challenge header.
        assert client.get(reverse("school-list")).status_code in (401, 403)


@pytest.mark.django_db
class TestNoMembership:
    def test_user_without_active_membership_gets_403_everywhere(self, city, api):
        loner = UserFactory()
        former = city.teacher
        Membership.objects.filter(user=former).update(is_active=False)
        for user in (loner, former):
            client = api(user)
            for name in ["api-root", *LISTS]:
                assert client.get(reverse(name)).status_code == 403, (user, name)
            response = client.post(reverse("school-list"), {"name": "X", "language": "fi"}, format="json")
            assert response.status_code == 403
            detail = client.get(reverse("school-detail", args=[city.school.pk]))
            assert detail.status_code == 403


@pytest.mark.django_db
class TestSessionAuth:
    def test_session_uses_the_active_municipality(self, city, other_city, county_nurse, as_user):
        client = as_user(county_nurse)
        assert ids(client.get(reverse("school-list"))) == {city.school.pk, city.other_school.pk}
        session = client.session
        session[SESSION_KEY] = other_city.municipality.pk
        session.save()
        assert ids(client.get(reverse("school-list"))) == {other_city.school.pk, other_city.other_school.pk}

    def test_session_writes_need_the_csrf_token(self, city, client):
        from django.test import Client

        strict = Client(enforce_csrf_checks=True)
        strict.force_login(city.coordinator, backend="django.contrib.auth.backends.ModelBackend")
        response = strict.post(
            reverse("school-list"), {"name": "Uusi", "language": "fi"}, content_type="application/json"
        )
        assert response.status_code == 403
        assert not city.municipality.schools.filter(name="Uusi").exists()
