"""The role catalog and the act sections through the API: the coordinator writes, everyone reads, and
another municipality's rows are a 404 and never listed."""

from __future__ import annotations

import pytest
from django.core import serializers
from django.urls import reverse

from audit.models import AuditEvent
from audit.selectors import history_for
from roles.models import ActSection, Responsibility, Role, RoleKey
from tests.factories import role
from tests.helpers import assert_queries_constant


def snapshot() -> str:
    return "".join(
        serializers.serialize("json", model.objects.order_by("pk"))
        for model in (Role, Responsibility, AuditEvent, ActSection)
    )


def own_role(client, name: str = "Koulukuraattori-valmentaja", **fields) -> dict:
    body = {"name_fi": name, "responsibilities": ["Ensimmäinen", "Toinen"], **fields}
    response = client.post(reverse("role-list"), body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


@pytest.mark.django_db
class TestCatalogWrites:
    def test_coordinator_adds_a_city_role(self, city, api):
        data = own_role(
            api(city.coordinator),
            name="Koulukoutsi",
            name_sv="Skolcoach",
            description="Tukee oppilaita.",
            responsibilities=["Tukee", "  ", "Ohjaa"],
        )
        created = Role.objects.get(pk=data["id"])
        assert created.municipality == city.municipality
        assert (created.key, created.name_fi, created.name_sv) == (RoleKey.OTHER, "Koulukoutsi", "Skolcoach")
        assert data["responsibilities"] == ["Tukee", "Ohjaa"]  # blank lines dropped, order kept
        assert data["url"].endswith(reverse("role-detail", args=[created.pk]))
        (change,) = history_for(city.municipality, created)
        assert (change.action, change.actor) == ("created", city.coordinator)

    @pytest.mark.parametrize("who", ["principal", "teacher", "nurse"])
    def test_others_cannot_write_the_catalog(self, city, api, who):
        client = api(getattr(city, who))
        teacher_role = role(city.municipality, RoleKey.TEACHER)
        url = reverse("role-detail", args=[teacher_role.pk])
        before = snapshot()
        assert client.post(reverse("role-list"), {"name_fi": "Luvaton"}, format="json").status_code == 403
        assert client.patch(url, {"description": "Muutettu"}, format="json").status_code == 403
        assert client.put(url, {"name_fi": "Muutettu"}, format="json").status_code == 403
        assert client.post(reverse("role-retire", args=[teacher_role.pk])).status_code == 403
        assert client.post(reverse("role-restore", args=[teacher_role.pk])).status_code == 403
        assert client.get(reverse("role-history", args=[teacher_role.pk])).status_code == 403
        assert client.get(url).status_code == 200  # reading stays open
        # Refused before the body is read: a bad body does not turn the 403 into a 400.
        assert client.post(reverse("role-list"), {}, format="json").status_code == 403
        assert client.patch(url, {"name_fi": ""}, format="json").status_code == 403
        assert snapshot() == before

    def test_partial_update_keeps_what_it_does_not_name(self, city, api):
        nurse_role = role(city.municipality, RoleKey.SCHOOL_NURSE)
        old_name, old_lines = nurse_role.name_fi, [r.text for r in nurse_role.responsibilities.all()]
        url = reverse("role-detail", args=[nurse_role.pk])
        response = api(city.coordinator).patch(url, {"description": "Uusi kuvaus."}, format="json")
        assert response.status_code == 200, response.content
        nurse_role.refresh_from_db()
        assert nurse_role.description == "Uusi kuvaus."
        assert nurse_role.name_fi == old_name
        assert [r.text for r in nurse_role.responsibilities.all()] == old_lines
        assert response.json()["responsibilities"] == old_lines

    def test_put_replaces_the_texts_and_the_order_of_responsibilities(self, city, api):
        teacher_role = role(city.municipality, RoleKey.TEACHER)
        body = {"name_fi": "Opettaja", "description": "Kuvaus", "responsibilities": ["B", "A", "C"]}
        response = api(city.coordinator).put(
            reverse("role-detail", args=[teacher_role.pk]), body, format="json"
        )
        assert response.status_code == 200, response.content
        assert response.json()["responsibilities"] == ["B", "A", "C"]
        assert [r.text for r in teacher_role.responsibilities.all()] == ["B", "A", "C"]
        assert history_for(city.municipality, teacher_role).get().action == "updated"

    @pytest.mark.parametrize(
        "body, field",
        [
            ({"name_fi": "   "}, "name_fi"),
            ({"name_fi": "x" * 121}, "name_fi"),
            ({"name_fi": "Rooli", "responsibilities": "yksi"}, "responsibilities"),
            ({}, "name_fi"),
        ],
    )
    def test_bad_input_is_400_and_writes_nothing(self, city, api, body, field):
        before = snapshot()
        response = api(city.coordinator).post(reverse("role-list"), body, format="json")
        assert response.status_code == 400
        assert field in response.json()
        assert snapshot() == before

    def test_a_name_already_in_the_catalog_is_400(self, city, api):
        name = role(city.municipality, RoleKey.TEACHER).name_fi.upper()
        before = snapshot()
        response = api(city.coordinator).post(reverse("role-list"), {"name_fi": name}, format="json")
        assert response.status_code == 400
        assert response.json()["non_field_errors"]
        assert snapshot() == before

    def test_retire_and_restore_a_city_role(self, city, api):
        coordinator, teacher = api(city.coordinator), api(city.teacher)
        data = own_role(coordinator)
        response = coordinator.post(reverse("role-retire", args=[data["id"]]))
        assert response.status_code == 200 and response.json()["is_active"] is False
        assert data["id"] not in {r["id"] for r in teacher.get(reverse("role-list")).json()["results"]}
        assert data["id"] in {r["id"] for r in coordinator.get(reverse("role-list")).json()["results"]}
        response = coordinator.post(reverse("role-restore", args=[data["id"]]))
        assert response.status_code == 200 and response.json()["is_active"] is True
        assert data["id"] in {r["id"] for r in teacher.get(reverse("role-list")).json()["results"]}

    def test_a_standard_role_cannot_be_retired(self, city, api):
        teacher_role = role(city.municipality, RoleKey.TEACHER)
        before = snapshot()
        response = api(city.coordinator).post(reverse("role-retire", args=[teacher_role.pk]))
        assert response.status_code == 400
        assert response.json()["non_field_errors"]
        assert snapshot() == before

    def test_history_tells_who_changed_what_and_when(self, city, api):
        client = api(city.coordinator)
        data = own_role(client, name="Koulukoutsi")
        url = reverse("role-detail", args=[data["id"]])
        client.patch(url, {"responsibilities": ["Toinen", "Ensimmäinen"]}, format="json")
        client.post(reverse("role-retire", args=[data["id"]]))
        history = client.get(reverse("role-history", args=[data["id"]]))
        assert history.status_code == 200
        rows = history.json()
        assert [row["action"] for row in rows] == ["retired", "updated", "created"]
        assert {row["actor"] for row in rows} == {city.coordinator.pk}
        assert rows[0]["actor_name"] == city.coordinator.get_full_name()
        assert all(row["at"] for row in rows)
        assert rows[1]["before"]["responsibilities"] == ["Ensimmäinen", "Toinen"]
        assert rows[1]["after"]["responsibilities"] == ["Toinen", "Ensimmäinen"]
        assert rows[2]["before"] is None and rows[2]["after"]["name_fi"] == "Koulukoutsi"


@pytest.mark.django_db
class TestSections:
    def test_members_read_the_active_sections_in_order(self, city, api):
        hidden = ActSection.objects.create(municipality=city.municipality, name_fi="Vanha", is_active=False)
        extra = ActSection.objects.create(municipality=city.municipality, name_fi="Uusi osio", order=5)
        client = api(city.teacher)
        items = client.get(reverse("act-section-list")).json()["results"]
        ids = [item["id"] for item in items]
        assert ids[0] == extra.pk and hidden.pk not in ids and len(ids) == 3
        detail = client.get(items[1]["url"])
        assert detail.status_code == 200 and detail.json() == items[1]
        assert client.get(reverse("act-section-detail", args=[hidden.pk])).status_code == 404

    def test_sections_are_read_only(self, city, api):
        section = ActSection.objects.filter(municipality=city.municipality).first()
        url = reverse("act-section-detail", args=[section.pk])
        client = api(city.coordinator)
        before = snapshot()
        assert client.post(reverse("act-section-list"), {"name_fi": "X"}, format="json").status_code == 405
        assert client.patch(url, {"name_fi": "X"}, format="json").status_code == 405
        assert client.delete(url).status_code == 405
        assert snapshot() == before

    def test_list_queries_do_not_grow(self, city, api):
        client = api(city.teacher)

        def grow() -> None:
            for i in range(5):
                ActSection.objects.create(municipality=city.municipality, name_fi=f"Osio {i}")

        assert_queries_constant(lambda: client.get(reverse("act-section-list")), grow)


@pytest.mark.django_db
class TestOtherMunicipality:
    def test_another_citys_role_and_section_are_404_for_every_method(self, city, other_city, api):
        client = api(city.coordinator)
        b_role = role(other_city.municipality, RoleKey.TEACHER)
        b_own = Role.objects.create(municipality=other_city.municipality, name_fi="Betalan oma")
        b_section = ActSection.objects.filter(municipality=other_city.municipality).first()
        before = snapshot()
        body = {"name_fi": "Kaapattu", "description": "x", "responsibilities": ["x"]}
        for pk in (b_role.pk, b_own.pk):
            url = reverse("role-detail", args=[pk])
            for method in ("get", "put", "patch"):
                assert getattr(client, method)(url, body, format="json").status_code == 404, method
            for name in ("role-retire", "role-restore"):
                assert client.post(reverse(name, args=[pk])).status_code == 404, name
            assert client.get(reverse("role-history", args=[pk])).status_code == 404
        assert client.get(reverse("act-section-detail", args=[b_section.pk])).status_code == 404
        assert snapshot() == before

    def test_lists_show_only_this_citys_rows(self, city, other_city, api):
        client = api(city.coordinator)
        roles = {r["id"] for r in client.get(reverse("role-list")).json()["results"]}
        sections = {s["id"] for s in client.get(reverse("act-section-list")).json()["results"]}
        assert roles == set(Role.objects.filter(municipality=city.municipality).values_list("pk", flat=True))
        assert sections == set(
            ActSection.objects.filter(municipality=city.municipality).values_list("pk", flat=True)
        )

    def test_coordinator_of_another_city_cannot_edit_this_catalog(self, city, other_city, api):
        teacher_role = role(city.municipality, RoleKey.TEACHER)
        before = snapshot()
        response = api(other_city.coordinator).patch(
            reverse("role-detail", args=[teacher_role.pk]), {"description": "x"}, format="json"
        )
        assert response.status_code == 404
        assert snapshot() == before
