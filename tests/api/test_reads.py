"""What the list and detail endpoints return: ids and urls, names, filters, pages, constant queries."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from roles.models import Responsibility, Role, RoleKey
from schools.models import Holiday, Membership, SchoolYear, Stage
from tests.factories import SchoolFactory, assign, member, role
from tests.helpers import assert_queries_constant


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.mark.django_db
class TestItems:
    @pytest.mark.parametrize("basename", ["school", "school-year", "role", "assignment", "user"])
    def test_every_item_carries_its_id_and_url(self, city, api, basename):
        client = api(city.coordinator)
        items = results(client.get(reverse(f"{basename}-list")))
        assert items
        for item in items:
            assert item["url"] == f"http://testserver{reverse(f'{basename}-detail', args=[item['id']])}"
        detail = client.get(items[0]["url"])
        assert detail.status_code == 200
        assert detail.json() == items[0]

    def test_school_years_mark_the_current_one_and_list_holidays(self, city, api):
        Holiday.objects.create(
            school_year=city.year,
            kind="christmas",
            starts_on=datetime.date(2026, 12, 21),
            ends_on=datetime.date(2027, 1, 6),
        )
        items = {item["id"]: item for item in results(api(city.teacher).get(reverse("school-year-list")))}
        assert items[city.year.pk]["is_current"] is True  # today (2026–2027 or later) falls in it or after it
        assert items[city.previous_year.pk]["is_current"] is False
        assert [h["kind"] for h in items[city.year.pk]["holidays"]] == ["christmas"]
        assert items[city.year.pk]["name"] == "2026–2027"

    def test_role_has_ordered_responsibilities(self, city, api):
        principal = role(city.municipality, RoleKey.PRINCIPAL)
        principal.responsibilities.all().delete()
        Responsibility.objects.create(role=principal, text="Toinen", order=2)
        Responsibility.objects.create(role=principal, text="Ensimmäinen", order=1)
        data = api(city.teacher).get(reverse("role-detail", args=[principal.pk])).json()
        assert data["responsibilities"] == ["Ensimmäinen", "Toinen"]
        assert data["key"] == "principal" and data["name_fi"] == principal.name_fi

    def test_retired_roles_are_listed_to_the_coordinator_only(self, city, api):
        retired = Role.objects.create(municipality=city.municipality, name_fi="Vanha rooli", is_active=False)
        assert retired.pk not in {r["id"] for r in results(api(city.teacher).get(reverse("role-list")))}
        assert retired.pk in {r["id"] for r in results(api(city.coordinator).get(reverse("role-list")))}
        assert api(city.teacher).get(reverse("role-detail", args=[retired.pk])).status_code == 200

    def test_users_show_their_membership_here(self, city, api):
        Membership.objects.filter(user=city.nurse, municipality=city.municipality).update(
            title="Terveydenhoitaja"
        )
        items = {item["id"]: item for item in results(api(city.teacher).get(reverse("user-list")))}
        assert items[city.nurse.pk]["title"] == "Terveydenhoitaja"
        assert items[city.coordinator.pk]["is_coordinator"] is True
        assert items[city.nurse.pk]["is_coordinator"] is False
        assert items[city.nurse.pk]["email"] == "terveydenhoitaja@alfala.fi"
        assert "password" not in items[city.nurse.pk]

    def test_deactivated_people_are_not_listed(self, city, api):
        Membership.objects.filter(user=city.nurse).update(is_active=False)
        assert city.nurse.pk not in {u["id"] for u in results(api(city.teacher).get(reverse("user-list")))}
        assert api(city.teacher).get(reverse("user-detail", args=[city.nurse.pk])).status_code == 404


@pytest.mark.django_db
class TestFilters:
    def test_schools(self, city, api):
        city.other_school.is_active = False
        city.other_school.language = "sv"
        city.other_school.kind = "school_centre"
        city.other_school.save()
        client = api(city.teacher)
        url = reverse("school-list")
        assert [s["id"] for s in results(client.get(url, {"is_active": "false"}))] == [city.other_school.pk]
        assert [s["id"] for s in results(client.get(url, {"language": "fi"}))] == [city.school.pk]
        assert [s["id"] for s in results(client.get(url, {"kind": "school_centre"}))] == [
            city.other_school.pk
        ]
        assert [s["id"] for s in results(client.get(url, {"search": "lukio"}))] == [city.other_school.pk]
        assert client.get(url, {"language": "de"}).status_code == 400

    def test_assignments(self, city, api):
        client = api(city.teacher)
        url = reverse("assignment-list")
        mine = results(client.get(url, {"user": city.teacher.pk, "school_year": city.year.pk}))
        assert [(a["user"], a["school_year"]) for a in mine] == [(city.teacher.pk, city.year.pk)]
        nurses = results(client.get(url, {"role": role(city.municipality, RoleKey.SCHOOL_NURSE).pk}))
        assert {a["user"] for a in nurses} == {city.nurse.pk} and len(nurses) == 2
        assert results(client.get(url, {"school": city.other_school.pk})) == []
        assert client.get(url, {"school": "abc"}).status_code == 400

    def test_users(self, city, api):
        client = api(city.teacher)
        url = reverse("user-list")
        assert [u["id"] for u in results(client.get(url, {"is_coordinator": "true"}))] == [
            city.coordinator.pk
        ]
        assert [u["id"] for u in results(client.get(url, {"search": "terveydenhoitaja@"}))] == [city.nurse.pk]
        assert [u["id"] for u in results(client.get(url, {"search": "Olli"}))] == [city.teacher.pk]

    def test_roles(self, city, api):
        client = api(city.coordinator)
        non_staff = results(client.get(reverse("role-list"), {"is_staff_role": "false"}))
        assert {r["key"] for r in non_staff} == {RoleKey.PUPIL, RoleKey.GUARDIAN}
        Role.objects.filter(municipality=city.municipality, key=RoleKey.YOUTH_WORK).update(is_active=False)
        retired = results(client.get(reverse("role-list"), {"is_active": "false"}))
        assert [r["key"] for r in retired] == [RoleKey.YOUTH_WORK]

    def test_pages_of_fifty(self, city, api):
        for n in range(55):
            SchoolFactory(municipality=city.municipality, name=f"Sivukoulu {n:02}")
        first = api(city.teacher).get(reverse("school-list")).json()
        assert first["count"] == 57 and len(first["results"]) == 50 and first["next"]
        second = api(city.teacher).get(first["next"]).json()
        assert len(second["results"]) == 7 and second["next"] is None


@pytest.mark.django_db
class TestQueryCounts:
    """Lists cost the same number of queries with 2 rows as with 12."""

    def check(self, client, name, grow) -> None:
        assert_queries_constant(lambda: results(client.get(reverse(name))), grow, at_most=10)

    def test_schools(self, city, api):
        self.check(
            api(city.teacher),
            "school-list",
            lambda: [
                SchoolFactory(municipality=city.municipality, stages=[Stage.PRIMARY]) for _ in range(10)
            ],
        )

    def test_school_years(self, city, api):
        def grow():
            for n in range(10):
                year = SchoolYear.objects.create(
                    municipality=city.municipality,
                    starts_on=datetime.date(2030 + n, 8, 1),
                    ends_on=datetime.date(2031 + n, 6, 1),
                )
                Holiday.objects.create(
                    school_year=year,
                    kind="autumn",
                    starts_on=datetime.date(2030 + n, 10, 1),
                    ends_on=datetime.date(2030 + n, 10, 5),
                )

        self.check(api(city.teacher), "school-year-list", grow)

    def test_roles(self, city, api):
        def grow():
            for n in range(10):
                extra = Role.objects.create(municipality=city.municipality, name_fi=f"Oma rooli {n}")
                Responsibility.objects.create(role=extra, text="Tehtävä")

        self.check(api(city.teacher), "role-list", grow)

    def test_assignments(self, city, api):
        self.check(
            api(city.teacher),
            "assignment-list",
            lambda: [
                assign(member(city.municipality), city.other_school, RoleKey.TEACHER, city.year)
                for _ in range(10)
            ],
        )

    def test_users(self, city, api):
        self.check(api(city.teacher), "user-list", lambda: [member(city.municipality) for _ in range(10)])
