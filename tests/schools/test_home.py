import pytest
from django.urls import reverse

from tests.helpers import assert_queries_constant

from ..factories import UserFactory, assign, member


@pytest.mark.django_db
class TestHome:
    def test_anonymous_is_sent_to_login(self, client):
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))

    def test_principal_sees_who_holds_which_role(self, city, as_user):
        response = as_user(city.principal).get(reverse("home"))
        body = response.content.decode()
        assert response.status_code == 200
        assert city.school.name in body
        assert city.nurse.get_full_name() in body
        assert city.teacher.get_full_name() in body
        assert "2026–2027" in body

    def test_teacher_sees_own_school_and_role_only(self, city, as_user):
        response = as_user(city.teacher).get(reverse("home"))
        body = response.content.decode()
        assert city.school.name in body
        assert city.other_school.name not in body  # not the coordinator's overview
        assert "Opettaja" in body

    def test_coordinator_sees_every_school_of_the_municipality(self, city, other_city, as_user):
        body = as_user(city.coordinator).get(reverse("home")).content.decode()
        assert city.school.name in body and city.other_school.name in body
        assert other_city.school.name not in body

    def test_user_without_membership_is_told_so(self, db, as_user):
        body = as_user(UserFactory()).get(reverse("home")).content.decode()
        assert "coordinator" in body or "koordinaattori" in body

    def test_queries_do_not_grow_with_staff(self, city, as_user):
        client = as_user(city.coordinator)

        def grow():
            for _ in range(10):
                assign(member(city.municipality), city.other_school, "teacher", city.year)

        # The roles cards; one query each for the groups cards (action items, meetings), yearclock and
        # the absence signals card; +1 for the evaluation card (is the coordinator a principal?).
        assert_queries_constant(lambda: client.get(reverse("home")), grow, at_most=16)
