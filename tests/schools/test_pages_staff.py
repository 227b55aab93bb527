"""The staff page of a school: its principal (or the coordinator) assigns roles for a school year."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from roles.models import Role, RoleKey, StaffAssignment
from schools.models import Membership, School, SchoolYear
from tests.factories import assign, member, role
from tests.helpers import assert_queries_constant


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def staff_url(school, year=None):
    url = reverse("school_staff", args=[school.pk])
    return f"{url}?year={year.pk}" if year else url


def messages_of(response):
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


@pytest.mark.django_db
class TestStaffPage:
    def test_principal_sees_the_current_years_roster_by_role(self, city, as_user):
        response = as_user(city.principal).get(staff_url(city.school))
        assert response.status_code == 200
        assert response.context["school_year"] == city.year
        roster = list(response.context["roster"])
        assert {(a.user, a.role.key) for a in roster} == {
            (city.principal, RoleKey.PRINCIPAL),
            (city.teacher, RoleKey.TEACHER),
            (city.nurse, RoleKey.SCHOOL_NURSE),
        }
        body = response.content.decode()
        for a in roster:
            assert reverse("assignment_delete", args=[a.pk]) in body
        assert reverse("school_staff_copy", args=[city.school.pk]) in body
        assert '<label for="year-picker">' in body

    def test_year_picker_lists_only_our_years_and_switches(self, city, other_city, as_user):
        client = as_user(city.principal)
        response = client.get(staff_url(city.school))
        assert set(response.context["school_years"]) == {city.year, city.previous_year}
        response = client.get(staff_url(city.school, city.previous_year))
        assert response.context["school_year"] == city.previous_year
        assert all(a.school_year == city.previous_year for a in response.context["roster"])

    def test_add_form_offers_only_our_people_and_staff_roles(self, city, other_city, as_user):
        form = as_user(city.principal).get(staff_url(city.school)).context["form"]
        people = list(form.fields["user"].queryset)
        assert city.teacher in people and other_city.teacher not in people
        assert people == sorted(people, key=lambda u: (u.last_name, u.first_name, u.email))
        roles = list(form.fields["role"].queryset)
        assert {r.municipality_id for r in roles} == {city.municipality.pk}
        assert all(r.is_staff_role for r in roles)
        assert RoleKey.PUPIL not in {r.key for r in roles}

    @pytest.mark.parametrize("who", ["teacher", "nurse"])
    def test_other_staff_are_refused(self, city, as_user, who):
        assert as_user(getattr(city, who)).get(staff_url(city.school)).status_code == 403

    def test_principal_of_one_school_is_refused_at_another(self, city, as_user):
        assert as_user(city.principal).get(staff_url(city.other_school)).status_code == 403

    def test_coordinator_may_staff_any_school(self, city, as_user):
        assert as_user(city.coordinator).get(staff_url(city.other_school)).status_code == 200

    def test_another_municipalitys_school_or_year_is_404(self, city, other_city, as_user):
        client = as_user(city.coordinator)
        assert client.get(staff_url(other_city.school)).status_code == 404
        assert client.get(staff_url(city.school, other_city.year)).status_code == 404

    def test_page_without_any_school_year_tells_so(self, db, as_user):
        from tests.factories import MunicipalityFactory, SchoolFactory

        municipality = MunicipalityFactory()
        school = SchoolFactory(municipality=municipality)
        coordinator = member(municipality, coordinator=True)
        response = english(as_user(coordinator)).get(staff_url(school))
        assert response.status_code == 200
        assert "no school years yet" in response.content.decode()

    def test_html_in_names_is_escaped(self, city, as_user):
        School.objects.filter(pk=city.school.pk).update(name="<script>alert(1)</script>")
        person = member(city.municipality, first_name="<b>Bold</b>", last_name="<i>x</i>")
        assign(person, city.school, RoleKey.TEACHER, city.year)
        body = as_user(city.principal).get(staff_url(city.school)).content.decode()
        assert "<script>alert(1)</script>" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
        assert "<b>Bold</b>" not in body and "&lt;b&gt;Bold&lt;/b&gt;" in body

    def test_queries_do_not_grow_with_staff_people_or_years(self, city, as_user):
        client = as_user(city.principal)
        url = staff_url(city.school)
        first = [2010]

        def grow():
            for _ in range(6):
                assign(member(city.municipality), city.school, RoleKey.TEACHER, city.year)
            member(city.municipality)
            first[0] += 1
            SchoolYear.objects.create(
                municipality=city.municipality,
                starts_on=datetime.date(first[0], 8, 10),
                ends_on=datetime.date(first[0] + 1, 6, 1),
            )

        assert_queries_constant(lambda: client.get(url), grow, at_most=20)


@pytest.mark.django_db
class TestAssignmentCreate:
    def test_principal_adds_a_person_to_a_role(self, city, as_user):
        psychologist = role(city.municipality, RoleKey.PSYCHOLOGIST)
        response = as_user(city.principal).post(
            staff_url(city.school), {"year": city.year.pk, "user": city.teacher.pk, "role": psychologist.pk}
        )
        assert response.status_code == 302
        assert response.url == staff_url(city.school, city.year)
        assert StaffAssignment.objects.filter(
            user=city.teacher, school=city.school, role=psychologist, school_year=city.year
        ).exists()

    def test_adding_to_another_year_uses_that_year(self, city, as_user):
        psychologist = role(city.municipality, RoleKey.PSYCHOLOGIST)
        as_user(city.principal).post(
            staff_url(city.school, city.previous_year),
            {"year": city.previous_year.pk, "user": city.teacher.pk, "role": psychologist.pk},
        )
        assert StaffAssignment.objects.filter(
            user=city.teacher, role=psychologist, school_year=city.previous_year
        ).exists()

    def test_duplicate_is_a_form_error(self, city, as_user):
        before = StaffAssignment.objects.count()
        response = english(as_user(city.principal)).post(
            staff_url(city.school),
            {
                "year": city.year.pk,
                "user": city.teacher.pk,
                "role": role(city.municipality, RoleKey.TEACHER).pk,
            },
        )
        assert response.status_code == 200
        assert "already holds this role" in response.content.decode()
        assert StaffAssignment.objects.count() == before

    def test_outside_ids_are_not_valid_choices(self, city, other_city, as_user):
        before = StaffAssignment.objects.count()
        client = english(as_user(city.principal))
        teacher_role = role(city.municipality, RoleKey.TEACHER)
        for data in (
            {"user": other_city.teacher.pk, "role": teacher_role.pk},
            {"user": city.teacher.pk, "role": role(other_city.municipality, RoleKey.PSYCHOLOGIST).pk},
            {"user": city.teacher.pk, "role": role(city.municipality, RoleKey.PUPIL).pk},
            {"user": "junk", "role": ""},
        ):
            response = client.post(staff_url(city.school), {"year": city.year.pk, **data})
            assert response.status_code == 200
            assert "valid choice" in response.content.decode() or "required" in response.content.decode()
        assert StaffAssignment.objects.count() == before

    def test_deactivated_person_and_retired_role_are_not_offered(self, city, as_user):
        Membership.objects.filter(user=city.nurse, municipality=city.municipality).update(is_active=False)
        retired = role(city.municipality, RoleKey.YOUTH_WORK)
        Role.objects.filter(pk=retired.pk).update(is_active=False)
        before = StaffAssignment.objects.count()
        client = as_user(city.principal)
        client.post(staff_url(city.school), {"year": city.year.pk, "user": city.nurse.pk, "role": retired.pk})
        response = client.post(
            staff_url(city.school), {"year": city.year.pk, "user": city.teacher.pk, "role": retired.pk}
        )
        assert response.context["form"].errors
        assert StaffAssignment.objects.count() == before

    def test_teacher_is_refused_and_nothing_is_written(self, city, as_user):
        before = StaffAssignment.objects.count()
        response = as_user(city.teacher).post(
            staff_url(city.school),
            {
                "year": city.year.pk,
                "user": city.teacher.pk,
                "role": role(city.municipality, RoleKey.PRINCIPAL).pk,
            },
        )
        assert response.status_code == 403
        assert StaffAssignment.objects.count() == before

    def test_another_municipalitys_school_is_404_and_nothing_is_written(self, city, other_city, as_user):
        before = StaffAssignment.objects.count()
        response = as_user(other_city.coordinator).post(
            staff_url(city.school),
            {
                "year": city.year.pk,
                "user": other_city.teacher.pk,
                "role": role(other_city.municipality, "teacher").pk,
            },
        )
        assert response.status_code == 404
        assert StaffAssignment.objects.count() == before


@pytest.mark.django_db
class TestAssignmentDelete:
    def nurse_assignment(self, city):
        return StaffAssignment.objects.get(user=city.nurse, school=city.school, school_year=city.year)

    def test_principal_removes_an_assignment(self, city, as_user):
        assignment = self.nurse_assignment(city)
        response = as_user(city.principal).post(
            reverse("assignment_delete", args=[assignment.pk]), follow=True
        )
        assert response.redirect_chain[-1][0] == staff_url(city.school, city.year)
        assert not StaffAssignment.objects.filter(pk=assignment.pk).exists()
        assert [level for level, _ in messages_of(response)] == ["success"]

    def test_get_does_not_delete(self, city, as_user):
        assignment = self.nurse_assignment(city)
        assert (
            as_user(city.principal).get(reverse("assignment_delete", args=[assignment.pk])).status_code == 405
        )
        assert StaffAssignment.objects.filter(pk=assignment.pk).exists()

    def test_teacher_is_refused(self, city, as_user):
        assignment = self.nurse_assignment(city)
        assert (
            as_user(city.teacher).post(reverse("assignment_delete", args=[assignment.pk])).status_code == 403
        )
        assert StaffAssignment.objects.filter(pk=assignment.pk).exists()

    def test_principal_of_another_school_is_refused(self, city, as_user):
        assignment = assign(city.teacher, city.other_school, RoleKey.TEACHER, city.year)
        assert (
            as_user(city.principal).post(reverse("assignment_delete", args=[assignment.pk])).status_code
            == 403
        )
        assert StaffAssignment.objects.filter(pk=assignment.pk).exists()

    def test_another_municipalitys_assignment_is_404(self, city, other_city, as_user):
        assignment = self.nurse_assignment(other_city)
        assert (
            as_user(city.coordinator).post(reverse("assignment_delete", args=[assignment.pk])).status_code
            == 404
        )
        assert StaffAssignment.objects.filter(pk=assignment.pk).exists()


@pytest.mark.django_db
class TestCopyLastYear:
    def copy(self, client, city, year):
        return client.post(
            reverse("school_staff_copy", args=[city.school.pk]), {"year": year.pk}, follow=True
        )

    def test_copies_the_previous_year_then_nothing(self, city, as_user):
        # Start the current year from scratch but for the principal, so most of last year is missing.
        StaffAssignment.objects.filter(school=city.school, school_year=city.year).exclude(
            user=city.principal
        ).delete()
        psychologist = member(city.municipality)
        assign(psychologist, city.school, RoleKey.PSYCHOLOGIST, city.previous_year)
        client = english(as_user(city.principal))

        response = self.copy(client, city, city.year)
        assert response.redirect_chain[-1][0] == staff_url(city.school, city.year)
        assert messages_of(response) == [("success", "3 assignments were copied from last year.")]
        now = set(
            StaffAssignment.objects.filter(school=city.school, school_year=city.year).values_list(
                "user_id", "role__key"
            )
        )
        assert now == {
            (city.principal.pk, RoleKey.PRINCIPAL),
            (city.teacher.pk, RoleKey.TEACHER),
            (city.nurse.pk, RoleKey.SCHOOL_NURSE),
            (psychologist.pk, RoleKey.PSYCHOLOGIST),
        }

        again = self.copy(client, city, city.year)
        assert messages_of(again) == [("success", "0 assignments were copied from last year.")]
        assert StaffAssignment.objects.filter(school=city.school, school_year=city.year).count() == 4

    def test_no_earlier_year_is_an_error_message(self, city, as_user):
        before = StaffAssignment.objects.count()
        response = self.copy(english(as_user(city.coordinator)), city, city.previous_year)
        assert messages_of(response) == [("error", "There is no earlier school year to copy from.")]
        assert StaffAssignment.objects.count() == before

    def test_teacher_is_refused_and_nothing_is_copied(self, city, as_user):
        StaffAssignment.objects.filter(school=city.school, school_year=city.year).delete()
        response = as_user(city.teacher).post(
            reverse("school_staff_copy", args=[city.school.pk]), {"year": city.year.pk}
        )
        assert response.status_code == 403
        assert not StaffAssignment.objects.filter(school=city.school, school_year=city.year).exists()

    def test_another_municipalitys_school_or_year_is_404(self, city, other_city, as_user):
        StaffAssignment.objects.filter(school=other_city.school, school_year=other_city.year).delete()
        client = as_user(city.coordinator)
        url = reverse("school_staff_copy", args=[other_city.school.pk])
        assert client.post(url, {"year": other_city.year.pk}).status_code == 404
        url = reverse("school_staff_copy", args=[city.school.pk])
        assert client.post(url, {"year": other_city.year.pk}).status_code == 404
        assert not StaffAssignment.objects.filter(
            school=other_city.school, school_year=other_city.year
        ).exists()


@pytest.mark.django_db
class TestPersonPicker:
    """A large municipality: the picker offers the school's own people and finds others by search."""

    def test_large_municipality_lists_the_schools_people_and_search_finds_the_rest(
        self, city, as_user, monkeypatch
    ):
        from roles.staff_forms import AssignmentForm

        monkeypatch.setattr(AssignmentForm, "PICKER_LIMIT", 3)
        newcomer = member(city.municipality, first_name="Ulla", last_name="Uusitalo")
        client = as_user(city.principal)
        url = reverse("school_staff", args=[city.school.pk])
        offered = client.get(url).context["form"].fields["user"].queryset
        assert city.teacher in offered and newcomer not in offered
        offered = client.get(url, {"q": "uusitalo"}).context["form"].fields["user"].queryset
        assert list(offered) == [newcomer]
        # Posting anyone of the municipality works, whatever was offered.
        response = client.post(
            url, {"year": city.year.pk, "user": newcomer.pk, "role": role(city.municipality, "teacher").pk}
        )
        assert response.status_code == 302
        assert StaffAssignment.objects.filter(user=newcomer, school=city.school).exists()
