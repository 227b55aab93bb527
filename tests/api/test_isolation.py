"""Another municipality's objects: 404 for every method, nothing written, never in a list."""

from __future__ import annotations

import pytest
from django.core import serializers
from django.urls import reverse

from roles.models import Role, RoleKey, StaffAssignment
from schools.models import Holiday, Membership, School, SchoolYear, User
from tests.factories import member, role

WATCHED = [School, SchoolYear, Holiday, Role, StaffAssignment, User, Membership]


def snapshot() -> str:
    return "".join(serializers.serialize("json", model.objects.order_by("pk")) for model in WATCHED)


def other_objects(b) -> dict[str, int]:
    return {
        "school": b.school.pk,
        "school-year": b.year.pk,
        "role": role(b.municipality, RoleKey.TEACHER).pk,
        "assignment": b.school.assignments.first().pk,
        "user": b.teacher.pk,
    }


# The methods each route offers; any other answers 405 for every id, own or not.
OFFERED = {
    "school": {"get", "put", "patch"},
    "school-year": {"get", "put", "patch"},
    "role": {"get", "put", "patch"},
    "assignment": {"get", "delete"},
    "user": {"get"},
}

VALID_BODIES = {
    "school": lambda a: {"name": "Kaapattu", "kind": "school", "language": "fi", "stages": []},
    "school-year": lambda a: {"starts_on": "2030-08-01", "ends_on": "2031-06-01", "holidays": []},
    "role": lambda a: {"name_fi": "Kaapattu"},
    "assignment": lambda a: {
        "user": a.teacher.pk,
        "school": a.school.pk,
        "role": role(a.municipality, RoleKey.TEACHER).pk,
        "school_year": a.year.pk,
    },
    "user": lambda a: {"first_name": "Kaapattu"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["coordinator", "principal", "teacher"])
def test_other_municipalitys_object_is_404_for_every_method(city, other_city, api, who):
    client = api(getattr(city, who))
    before = snapshot()
    for basename, pk in other_objects(other_city).items():
        url = reverse(f"{basename}-detail", args=[pk])
        body = VALID_BODIES[basename](city)  # a body that would be valid for A's own object
        for method in ("get", "put", "patch", "delete"):
            response = getattr(client, method)(url, body, format="json")
            expected = 404 if method in OFFERED[basename] else 405
            assert response.status_code == expected, (who, method, url, response.status_code)
    assert snapshot() == before


@pytest.mark.django_db
def test_a_missing_id_and_another_tenants_id_answer_alike(city, other_city, api):
    client = api(city.coordinator)
    other = client.get(reverse("school-detail", args=[other_city.school.pk]))
    missing = client.get(reverse("school-detail", args=[10**9]))
    assert (other.status_code, other.json()) == (missing.status_code, missing.json())


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["user", "school", "role", "school_year"])
def test_assignment_naming_another_municipalitys_row_is_400(city, other_city, api, field):
    newcomer = member(city.municipality)
    body = {
        "user": newcomer.pk,
        "school": city.school.pk,
        "role": role(city.municipality, RoleKey.TEACHER).pk,
        "school_year": city.year.pk,
    }
    body[field] = {
        "user": other_city.teacher.pk,
        "school": other_city.school.pk,
        "role": role(other_city.municipality, RoleKey.TEACHER).pk,
        "school_year": other_city.year.pk,
    }[field]
    before = snapshot()
    response = api(city.coordinator).post(reverse("assignment-list"), body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert snapshot() == before


@pytest.mark.django_db
def test_lists_never_contain_another_tenants_rows(city, other_city, api):
    mine = {
        "school": {city.school.pk, city.other_school.pk},
        "school-year": {city.year.pk, city.previous_year.pk},
        "role": set(Role.objects.filter(municipality=city.municipality).values_list("pk", flat=True)),
        "assignment": set(
            StaffAssignment.objects.filter(school__municipality=city.municipality).values_list(
                "pk", flat=True
            )
        ),
        "user": {city.coordinator.pk, city.principal.pk, city.teacher.pk, city.nurse.pk},
    }
    client = api(city.coordinator)
    for basename, expected in mine.items():
        response = client.get(reverse(f"{basename}-list"))
        assert response.status_code == 200
        assert {item["id"] for item in response.json()["results"]} == expected, basename
        assert other_city.municipality.name not in response.content.decode()
        assert "@betala.fi" not in response.content.decode()


@pytest.mark.django_db
def test_filtering_by_another_tenants_id_finds_nothing_and_reveals_nothing(city, other_city, api):
    client = api(city.coordinator)
    other = client.get(reverse("assignment-list"), {"school": other_city.school.pk})
    missing = client.get(reverse("assignment-list"), {"school": 10**9})
    assert other.status_code == missing.status_code == 200
    assert other.json()["results"] == missing.json()["results"] == []


@pytest.mark.django_db
def test_a_person_of_both_municipalities_is_seen_only_as_the_active_ones(city, other_city, api):
    """The user is shared, but B's membership (title, coordinator flag) never shows in A."""
    Membership.objects.create(
        user=city.nurse, municipality=other_city.municipality, is_coordinator=True, title="Betalan hoitaja"
    )
    data = api(city.coordinator).get(reverse("user-detail", args=[city.nurse.pk])).json()
    assert (data["is_coordinator"], data["title"]) == (False, "")
