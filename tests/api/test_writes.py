"""Writes through the API go through the services: the same policies and rules as the pages."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from roles.models import RoleKey, StaffAssignment
from schools.models import Holiday, School, SchoolYear
from tests.factories import member, role


def assignment_body(city, user, school=None, key=RoleKey.TEACHER, year=None) -> dict:
    return {
        "user": user.pk,
        "school": (school or city.school).pk,
        "role": role(city.municipality, key).pk,
        "school_year": (year or city.year).pk,
    }


@pytest.mark.django_db
class TestAssignments:
    def test_teacher_cannot_assign(self, city, api):
        newcomer = member(city.municipality)
        before = StaffAssignment.objects.count()
        response = api(city.teacher).post(
            reverse("assignment-list"), assignment_body(city, newcomer), format="json"
        )
        assert response.status_code == 403
        assert StaffAssignment.objects.count() == before

    def test_principal_assigns_at_own_school(self, city, api):
        newcomer = member(city.municipality, first_name="Uusi", last_name="Opettaja")
        response = api(city.principal).post(
            reverse("assignment-list"), assignment_body(city, newcomer), format="json"
        )
        assert response.status_code == 201, response.content
        created = StaffAssignment.objects.get(user=newcomer)
        data = response.json()
        assert data["id"] == created.pk
        assert data["url"].endswith(reverse("assignment-detail", args=[created.pk]))
        assert (data["user"], data["school"], data["school_year"]) == (
            newcomer.pk,
            city.school.pk,
            city.year.pk,
        )
        assert data["user_name"] == "Uusi Opettaja"
        assert data["school_name"] == city.school.name
        assert data["school_year_name"] == "2026–2027"
        assert data["role_name"]

    def test_principal_cannot_assign_at_another_school_of_the_city(self, city, api):
        newcomer = member(city.municipality)
        body = assignment_body(city, newcomer, school=city.other_school)
        response = api(city.principal).post(reverse("assignment-list"), body, format="json")
        assert response.status_code == 403
        assert not StaffAssignment.objects.filter(user=newcomer).exists()

    def test_coordinator_assigns_anywhere_in_the_city(self, city, api):
        newcomer = member(city.municipality)
        body = assignment_body(city, newcomer, school=city.other_school, key=RoleKey.PRINCIPAL)
        assert api(city.coordinator).post(reverse("assignment-list"), body, format="json").status_code == 201

    def test_duplicate_is_a_400(self, city, api):
        before = StaffAssignment.objects.count()
        body = assignment_body(city, city.teacher)  # the teacher already teaches there this year
        response = api(city.principal).post(reverse("assignment-list"), body, format="json")
        assert response.status_code == 400
        assert "non_field_errors" in response.json()
        assert StaffAssignment.objects.count() == before

    def test_pupil_role_is_not_a_staff_assignment(self, city, api):
        newcomer = member(city.municipality)
        body = assignment_body(city, newcomer, key=RoleKey.PUPIL)
        response = api(city.principal).post(reverse("assignment-list"), body, format="json")
        assert response.status_code == 400
        assert "role" in response.json()
        assert not StaffAssignment.objects.filter(user=newcomer).exists()

    def test_missing_and_malformed_ids_are_400(self, city, api):
        client = api(city.coordinator)
        response = client.post(reverse("assignment-list"), {"user": "x"}, format="json")
        assert response.status_code == 400
        assert set(response.json()) == {"user", "school", "role", "school_year"}

    def test_principal_removes_at_own_school_only(self, city, api):
        at_school = StaffAssignment.objects.get(user=city.teacher, school_year=city.year)
        elsewhere = StaffAssignment.objects.create(
            user=city.teacher,
            school=city.other_school,
            role=role(city.municipality, RoleKey.TEACHER),
            school_year=city.year,
        )
        client = api(city.principal)
        assert client.delete(reverse("assignment-detail", args=[elsewhere.pk])).status_code == 403
        assert StaffAssignment.objects.filter(pk=elsewhere.pk).exists()
        assert client.delete(reverse("assignment-detail", args=[at_school.pk])).status_code == 204
        assert not StaffAssignment.objects.filter(pk=at_school.pk).exists()

    def test_teacher_cannot_remove(self, city, api):
        assignment = StaffAssignment.objects.get(user=city.nurse, school_year=city.year)
        assert api(city.teacher).delete(reverse("assignment-detail", args=[assignment.pk])).status_code == 403
        assert StaffAssignment.objects.filter(pk=assignment.pk).exists()

    def test_assignments_are_never_edited(self, city, api):
        assignment = StaffAssignment.objects.get(user=city.nurse, school_year=city.year)
        url = reverse("assignment-detail", args=[assignment.pk])
        body = assignment_body(city, city.nurse, key=RoleKey.PSYCHOLOGIST)
        client = api(city.coordinator)
        assert client.put(url, body, format="json").status_code == 405
        assert client.patch(url, body, format="json").status_code == 405
        assignment.refresh_from_db()
        assert assignment.role.key == RoleKey.SCHOOL_NURSE


@pytest.mark.django_db
class TestSchools:
    def test_coordinator_creates_a_school(self, city, api):
        body = {
            "name": "Kirkonkylän koulukeskus",
            "kind": "school_centre",
            "language": "sv",
            "stages": ["pre_early", "primary", "primary"],
        }
        response = api(city.coordinator).post(reverse("school-list"), body, format="json")
        assert response.status_code == 201, response.content
        school = School.objects.get(name="Kirkonkylän koulukeskus")
        assert school.municipality == city.municipality
        assert (school.kind, school.language, school.stages) == (
            "school_centre",
            "sv",
            ["pre_early", "primary"],
        )
        assert response.json()["id"] == school.pk
        assert response.json()["url"].endswith(reverse("school-detail", args=[school.pk]))

    def test_teacher_and_principal_cannot(self, city, api):
        for user in (city.teacher, city.principal):
            response = api(user).post(
                reverse("school-list"), {"name": "Luvaton", "language": "fi"}, format="json"
            )
            assert response.status_code == 403
            response = api(user).patch(
                reverse("school-detail", args=[city.school.pk]), {"name": "X"}, format="json"
            )
            assert response.status_code == 403
        assert not School.objects.filter(name__in=["Luvaton", "X"]).exists()

    def test_coordinator_edits_a_school(self, city, api):
        url = reverse("school-detail", args=[city.school.pk])
        client = api(city.coordinator)
        response = client.patch(url, {"is_active": False}, format="json")
        assert response.status_code == 200
        city.school.refresh_from_db()
        assert city.school.is_active is False
        assert city.school.name == "Alfalan koulu"  # untouched by the partial update
        body = {"name": "Alfalan yhtenäiskoulu", "kind": "school", "language": "fi", "stages": ["primary"]}
        response = client.put(url, body, format="json")
        assert response.status_code == 200
        city.school.refresh_from_db()
        assert (city.school.name, city.school.stages, city.school.is_active) == (
            "Alfalan yhtenäiskoulu",
            ["primary"],
            True,
        )

    @pytest.mark.parametrize(
        "body, field",
        [
            ({"name": "Koulu", "language": "de"}, "language"),
            ({"name": "Koulu", "language": "en"}, "language"),
            ({"name": "Koulu", "language": "fi", "stages": ["grade_13"]}, "stages"),
            ({"name": "Koulu", "language": "fi", "stages": "primary"}, "stages"),
            ({"name": "Koulu", "language": "fi", "kind": "castle"}, "kind"),
            ({"name": "   ", "language": "fi"}, "name"),
            ({"name": "x" * 151, "language": "fi"}, "name"),
            ({"language": "fi"}, "name"),
        ],
    )
    def test_bad_input_is_400_and_writes_nothing(self, city, api, body, field):
        before = School.objects.count()
        response = api(city.coordinator).post(reverse("school-list"), body, format="json")
        assert response.status_code == 400
        assert field in response.json()
        assert School.objects.count() == before

    def test_duplicate_name_is_400(self, city, api):
        body = {"name": city.school.name.upper(), "language": "fi"}
        response = api(city.coordinator).post(reverse("school-list"), body, format="json")
        assert response.status_code == 400
        assert response.json()["non_field_errors"]
        assert School.objects.filter(municipality=city.municipality).count() == 2

    def test_html_in_a_name_is_kept_as_text(self, city, api):
        name = '<script>alert("x")</script> & <b>koulu</b>'
        client = api(city.coordinator)
        response = client.post(reverse("school-list"), {"name": name, "language": "fi"}, format="json")
        assert response.status_code == 201
        assert response["Content-Type"] == "application/json"
        school = School.objects.get(pk=response.json()["id"])
        assert school.name == name
        assert client.get(reverse("school-detail", args=[school.pk])).json()["name"] == name


@pytest.mark.django_db
class TestSchoolYears:
    def test_coordinator_creates_a_year_with_holidays(self, city, api):
        body = {
            "starts_on": "2027-08-11",
            "ends_on": "2028-06-01",
            "holidays": [
                {"kind": "autumn", "starts_on": "2027-10-18", "ends_on": "2027-10-22"},
                {
                    "kind": "christmas",
                    "name": "Joululoma",
                    "starts_on": "2027-12-22",
                    "ends_on": "2028-01-06",
                },
            ],
        }
        response = api(city.coordinator).post(reverse("school-year-list"), body, format="json")
        assert response.status_code == 201, response.content
        year = SchoolYear.objects.get(municipality=city.municipality, starts_on=datetime.date(2027, 8, 11))
        assert [(h.kind, h.name) for h in year.holidays.all()] == [("autumn", ""), ("christmas", "Joululoma")]
        data = response.json()
        assert data["id"] == year.pk and data["name"] == "2027–2028"
        assert [h["kind"] for h in data["holidays"]] == ["autumn", "christmas"]
        assert data["is_current"] is False

    def test_overlapping_year_is_400_with_a_message(self, city, api):
        before = SchoolYear.objects.count()
        client = api(city.coordinator)
        client.cookies["django_language"] = "en"
        body = {"starts_on": "2027-06-01", "ends_on": "2028-05-31"}
        response = client.post(reverse("school-year-list"), body, format="json", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400
        assert response.json()["non_field_errors"] == ["The dates overlap the school year 2026–2027."]
        assert SchoolYear.objects.count() == before

    def test_holiday_outside_the_year_is_400(self, city, api):
        body = {
            "starts_on": "2027-08-11",
            "ends_on": "2028-06-01",
            "holidays": [{"kind": "winter", "starts_on": "2028-07-01", "ends_on": "2028-07-05"}],
        }
        response = api(city.coordinator).post(reverse("school-year-list"), body, format="json")
        assert response.status_code == 400
        assert not SchoolYear.objects.filter(starts_on=datetime.date(2027, 8, 11)).exists()

    def test_end_before_start_is_400(self, city, api):
        body = {"starts_on": "2028-08-11", "ends_on": "2028-06-01"}
        response = api(city.coordinator).post(reverse("school-year-list"), body, format="json")
        assert response.status_code == 400
        assert "ends_on" in response.json()

    def test_put_replaces_the_holidays_and_patch_keeps_them(self, city, api):
        Holiday.objects.create(
            school_year=city.year,
            kind="autumn",
            starts_on=datetime.date(2026, 10, 19),
            ends_on=datetime.date(2026, 10, 23),
        )
        url = reverse("school-year-detail", args=[city.year.pk])
        client = api(city.coordinator)
        response = client.patch(url, {"ends_on": "2027-06-30"}, format="json")
        assert response.status_code == 200, response.content
        city.year.refresh_from_db()
        assert city.year.ends_on == datetime.date(2027, 6, 30)
        assert list(city.year.holidays.values_list("kind", flat=True)) == ["autumn"]
        body = {
            "starts_on": "2026-08-10",
            "ends_on": "2027-06-30",
            "holidays": [{"kind": "winter", "starts_on": "2027-02-22", "ends_on": "2027-02-26"}],
        }
        response = client.put(url, body, format="json")
        assert response.status_code == 200
        assert list(city.year.holidays.values_list("kind", flat=True)) == ["winter"]
        assert [h["kind"] for h in response.json()["holidays"]] == ["winter"]

    def test_teacher_cannot_create_or_edit(self, city, api):
        client = api(city.teacher)
        body = {"starts_on": "2027-08-11", "ends_on": "2028-06-01"}
        assert client.post(reverse("school-year-list"), body, format="json").status_code == 403
        url = reverse("school-year-detail", args=[city.year.pk])
        assert client.patch(url, {"ends_on": "2027-06-30"}, format="json").status_code == 403
        city.year.refresh_from_db()
        assert city.year.ends_on == datetime.date(2027, 7, 31)
        assert not SchoolYear.objects.filter(starts_on=datetime.date(2027, 8, 11)).exists()
