"""Roles tools and practical acts through the API: the same rules as the pages.

Data is set up through roles.services, so the tests go through the real rules; every refused write is
checked to have left the database as it was.
"""

from __future__ import annotations

import datetime

import pytest
from django.core import serializers
from django.urls import reverse

from notifications.models import Notification
from roles import services
from roles.models import ActSection, PracticalAct, RoleKey, RolesTool, RolesToolRevision
from schools.tenancy import resolve_actor
from tests.factories import assign, member, role
from tests.helpers import assert_queries_constant


def snapshot() -> str:
    return "".join(
        serializers.serialize("json", model.objects.order_by("pk"))
        for model in (RolesTool, RolesToolRevision, PracticalAct, Notification)
    )


def actor(user):
    return resolve_actor(user, None)


def sections(c) -> list[ActSection]:
    return list(ActSection.objects.filter(municipality=c.municipality).order_by("order"))


def make_tool(c, *, school=None, year=None, principal=None) -> RolesTool:
    return services.tool_create(
        actor=actor(principal or c.principal), school=school or c.school, school_year=year or c.year
    )


def make_act(c, tool, key=RoleKey.TEACHER, text="Teko", section=None, by=None) -> PracticalAct:
    return services.act_create(
        actor=actor(by or c.principal),
        tool=tool,
        role=role(c.municipality, key),
        section=section or sections(c)[0],
        text=text,
        months=[9, 1],
    )


def act_body(c, tool, key=RoleKey.TEACHER, **fields) -> dict:
    return {
        "tool": tool.pk,
        "role": role(c.municipality, key).pk,
        "section": sections(c)[0].pk,
        "text": "Osallistun yhteisöllisen opiskeluhuoltoryhmän kokouksiin.",
        "months": [1, 8, 9],
        "with_whom": "tukioppilaat",
        **fields,
    }


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.fixture
def tool(city) -> RolesTool:
    return make_tool(city)


@pytest.fixture
def other_school_tool(city) -> RolesTool:
    """A tool of the city's other school, started by its own principal."""
    head = member(city.municipality, first_name="Pirjo")
    assign(head, city.other_school, RoleKey.PRINCIPAL, city.year)
    return make_tool(city, school=city.other_school, principal=head)


# --- Tools ------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestToolCreate:
    def test_principal_starts_an_empty_tool(self, city, api):
        body = {"school": city.school.pk, "school_year": city.year.pk}
        response = api(city.principal).post(reverse("roles-tool-list"), body, format="json")
        assert response.status_code == 201, response.content
        created = RolesTool.objects.get(school=city.school, school_year=city.year)
        data = response.json()
        assert data["id"] == created.pk
        assert data["url"].endswith(reverse("roles-tool-detail", args=[created.pk]))
        assert (data["state"], data["revision"], data["school_year_name"]) == ("draft", 1, "2026–2027")
        assert set(data["roles"]) == set(created.roles.values_list("pk", flat=True)) != set()
        assert data["can_manage"] is True
        assert {p["role"] for p in data["progress"]} == set(data["roles"])
        assert all(p["acts_count"] == 0 for p in data["progress"])

    def test_carry_over_marks_every_act_to_be_confirmed(self, city, api):
        last_year = make_tool(city, year=city.previous_year)
        make_act(city, last_year, text="Viime vuoden teko")
        body = {"school": city.school.pk, "school_year": city.year.pk, "carry_over": True}
        response = api(city.principal).post(reverse("roles-tool-list"), body, format="json")
        assert response.status_code == 201, response.content
        created = RolesTool.objects.get(pk=response.json()["id"])
        assert [(a.text, a.carried_over) for a in created.acts.all()] == [("Viime vuoden teko", True)]
        teacher_row = next(
            p for p in response.json()["progress"] if p["role"] == role(city.municipality, RoleKey.TEACHER).pk
        )
        assert (teacher_row["acts_count"], teacher_row["carried_over_count"]) == (1, 1)

    def test_carry_over_without_last_years_tool_is_400(self, city, api):
        body = {"school": city.school.pk, "school_year": city.year.pk, "carry_over": True}
        response = api(city.principal).post(reverse("roles-tool-list"), body, format="json")
        assert response.status_code == 400
        assert not RolesTool.objects.exists()

    def test_a_second_tool_for_the_same_year_is_400(self, city, api, tool):
        before = snapshot()
        body = {"school": city.school.pk, "school_year": city.year.pk}
        assert api(city.principal).post(reverse("roles-tool-list"), body, format="json").status_code == 400
        assert snapshot() == before

    @pytest.mark.parametrize("who", ["teacher", "nurse", "coordinator"])
    def test_only_the_principal_starts_one(self, city, api, who):
        body = {"school": city.school.pk, "school_year": city.year.pk}
        assert (
            api(getattr(city, who)).post(reverse("roles-tool-list"), body, format="json").status_code == 403
        )
        assert not RolesTool.objects.exists()

    def test_principal_cannot_start_another_schools_tool(self, city, api):
        body = {"school": city.other_school.pk, "school_year": city.year.pk}
        assert api(city.principal).post(reverse("roles-tool-list"), body, format="json").status_code == 403
        assert not RolesTool.objects.exists()

    @pytest.mark.parametrize("field", ["school", "school_year"])
    def test_another_citys_school_or_year_is_400(self, city, other_city, api, field):
        body = {"school": city.school.pk, "school_year": city.year.pk}
        body[field] = {"school": other_city.school.pk, "school_year": other_city.year.pk}[field]
        response = api(city.principal).post(reverse("roles-tool-list"), body, format="json")
        assert response.status_code == 400
        assert list(response.json()) == [field]
        assert not RolesTool.objects.exists()


@pytest.mark.django_db
class TestToolReads:
    def test_detail_shows_progress_and_holders_per_role(self, city, api, tool):
        make_act(city, tool, text="Yksi")
        make_act(city, tool, text="Kaksi")
        data = api(city.teacher).get(reverse("roles-tool-detail", args=[tool.pk])).json()
        rows = {p["role"]: p for p in data["progress"]}
        teacher_row = rows[role(city.municipality, RoleKey.TEACHER).pk]
        assert (teacher_row["acts_count"], teacher_row["carried_over_count"]) == (2, 0)
        assert teacher_row["holders"] == [{"id": city.teacher.pk, "name": city.teacher.get_full_name()}]
        nurse_row = rows[role(city.municipality, RoleKey.SCHOOL_NURSE).pk]
        assert nurse_row["acts_count"] == 0
        assert [h["id"] for h in nurse_row["holders"]] == [city.nurse.pk]
        assert data["can_manage"] is False
        assert data["editable_roles"] == [role(city.municipality, RoleKey.TEACHER).pk]

    def test_coordinator_reads_every_schools_tools_staff_their_own(self, city, api, tool, other_school_tool):
        every = {t["id"] for t in results(api(city.coordinator).get(reverse("roles-tool-list")))}
        assert every == {tool.pk, other_school_tool.pk}
        own = {t["id"] for t in results(api(city.teacher).get(reverse("roles-tool-list")))}
        assert own == {tool.pk}
        detail = api(city.coordinator).get(reverse("roles-tool-detail", args=[other_school_tool.pk]))
        assert detail.status_code == 200 and detail.json()["can_manage"] is False
        # The same municipality, another school: the teacher is refused, not told it does not exist.
        assert (
            api(city.teacher).get(reverse("roles-tool-detail", args=[other_school_tool.pk])).status_code
            == 403
        )

    def test_filters(self, city, api, tool, other_school_tool):
        last_year = make_tool(city, year=city.previous_year)
        services.tool_submit_for_review(actor=actor(city.principal), tool=last_year)
        client = api(city.coordinator)
        url = reverse("roles-tool-list")
        assert {t["id"] for t in results(client.get(url, {"school": city.school.pk}))} == {
            tool.pk,
            last_year.pk,
        }
        assert {t["id"] for t in results(client.get(url, {"school_year": city.previous_year.pk}))} == {
            last_year.pk
        }
        assert {t["id"] for t in results(client.get(url, {"state": "in_review"}))} == {last_year.pk}
        assert client.get(url, {"state": "lost"}).status_code == 400

    def test_list_queries_do_not_grow(self, city, api, tool):
        client = api(city.coordinator)
        years = iter(range(2010, 2020))

        def grow() -> None:
            for _ in range(3):
                start = next(years)
                year = city.year.__class__.objects.create(
                    municipality=city.municipality,
                    starts_on=datetime.date(start, 8, 10),
                    ends_on=datetime.date(start + 1, 6, 1),
                )
                grown = make_tool(city, year=year)
                make_act(city, grown)
                services.tool_publish(actor=actor(city.principal), tool=grown, today=year.starts_on)

        assert_queries_constant(lambda: client.get(reverse("roles-tool-list")), grow)


@pytest.mark.django_db
class TestToolLifecycle:
    def test_principal_reviews_publishes_and_reopens(
        self, city, api, tool, django_capture_on_commit_callbacks
    ):
        make_act(city, tool, text="Julkaistava teko")
        client = api(city.principal)
        response = client.post(reverse("roles-tool-submit-review", args=[tool.pk]))
        assert response.status_code == 200 and response.json()["state"] == "in_review"
        with django_capture_on_commit_callbacks(execute=False):
            response = client.post(reverse("roles-tool-publish", args=[tool.pk]))
        assert response.status_code == 200, response.content
        assert response.json()["state"] == "published"
        assert [r["number"] for r in response.json()["published_revisions"]] == [1]
        assert set(
            Notification.objects.filter(kind="roles_tool_published").values_list("recipient", flat=True)
        ) == {
            city.principal.pk,
            city.teacher.pk,
            city.nurse.pk,
        }
        response = client.post(reverse("roles-tool-reopen", args=[tool.pk]))
        assert response.status_code == 200
        assert (response.json()["state"], response.json()["revision"]) == ("draft", 2)

    def test_publishing_twice_is_400(self, city, api, tool):
        make_act(city, tool)
        client = api(city.principal)
        assert client.post(reverse("roles-tool-publish", args=[tool.pk])).status_code == 200
        before = snapshot()
        response = client.post(reverse("roles-tool-publish", args=[tool.pk]))
        assert response.status_code == 400
        assert response.json()["non_field_errors"]
        assert snapshot() == before

    def test_unconfirmed_carried_over_acts_block_publishing(self, city, api):
        last_year = make_tool(city, year=city.previous_year)
        make_act(city, last_year)
        tool = services.tool_create(
            actor=actor(city.principal), school=city.school, school_year=city.year, carry_over=True
        )
        before = snapshot()
        assert api(city.principal).post(reverse("roles-tool-publish", args=[tool.pk])).status_code == 400
        assert snapshot() == before

    @pytest.mark.parametrize("who", ["coordinator", "teacher", "nurse"])
    def test_only_the_principal_moves_the_state(self, city, api, tool, who):
        client = api(getattr(city, who))
        before = snapshot()
        for name in ("roles-tool-submit-review", "roles-tool-publish", "roles-tool-reopen"):
            assert client.post(reverse(name, args=[tool.pk])).status_code == 403, name
        url = reverse("roles-tool-detail", args=[tool.pk])
        assert client.patch(url, {"deadline": "2027-03-01"}, format="json").status_code == 403
        # Refused before the body is read: a bad body does not turn the 403 into a 400.
        assert client.patch(url, {"deadline": "not a date"}, format="json").status_code == 403
        assert snapshot() == before

    def test_document_live_and_frozen(self, city, api, tool):
        act = make_act(city, tool, text="Alkuperäinen teko")
        principal = api(city.principal)
        principal.post(reverse("roles-tool-publish", args=[tool.pk]))
        principal.post(reverse("roles-tool-reopen", args=[tool.pk]))
        edit = {"version": act.version, "text": "Muokattu teko"}
        assert (
            principal.patch(reverse("practical-act-detail", args=[act.pk]), edit, format="json").status_code
            == 200
        )
        # The coordinator edits the catalog after publication: the frozen revision does not change.
        teacher_role = role(city.municipality, RoleKey.TEACHER)
        api(city.coordinator).patch(
            reverse("role-detail", args=[teacher_role.pk]), {"description": "Uusi kuvaus"}, format="json"
        )
        url = reverse("roles-tool-document", args=[tool.pk])
        reader = api(city.nurse)

        def teacher_part(document: dict) -> dict:
            return next(r for r in document["roles"] if r["id"] == teacher_role.pk)

        frozen = reader.get(url, {"revision": 1})
        assert frozen.status_code == 200
        frozen_teacher = teacher_part(frozen.json())
        assert frozen_teacher["sections"][0]["acts"][0]["text"] == "Alkuperäinen teko"
        assert frozen_teacher["description"] != "Uusi kuvaus"
        live = reader.get(url)
        assert live.status_code == 200 and live.json()["revision"] == 2
        assert teacher_part(live.json())["sections"][0]["acts"][0]["text"] == "Muokattu teko"
        assert teacher_part(live.json())["description"] == "Uusi kuvaus"
        assert reader.get(url, {"revision": 2}).status_code == 404  # not published yet
        assert reader.get(url, {"revision": "x"}).status_code == 400


@pytest.mark.django_db
class TestDeadline:
    def test_principal_sets_and_clears_the_deadline(self, city, api, tool):
        url = reverse("roles-tool-detail", args=[tool.pk])
        client = api(city.principal)
        response = client.patch(url, {"deadline": "2027-03-15"}, format="json")
        assert response.status_code == 200, response.content
        tool.refresh_from_db()
        assert tool.deadline == datetime.date(2027, 3, 15)
        assert response.json()["deadline"] == "2027-03-15"
        assert client.patch(url, {"deadline": None}, format="json").status_code == 200
        tool.refresh_from_db()
        assert tool.deadline is None

    @pytest.mark.parametrize("deadline", ["2026-08-09", "2027-08-01", "2030-01-01"])
    def test_a_deadline_outside_the_school_year_is_400(self, city, api, tool, deadline):
        before = snapshot()
        response = api(city.principal).patch(
            reverse("roles-tool-detail", args=[tool.pk]), {"deadline": deadline}, format="json"
        )
        assert response.status_code == 400
        assert "deadline" in response.json()
        assert snapshot() == before

    def test_only_the_deadline_is_writable(self, city, api, tool):
        url = reverse("roles-tool-detail", args=[tool.pk])
        before = snapshot()
        client = api(city.principal)
        response = client.patch(url, {"deadline": "2027-03-15", "state": "published"}, format="json")
        assert response.status_code == 400 and list(response.json()) == ["state"]
        assert client.put(url, {"deadline": "2027-03-15"}, format="json").status_code == 405
        assert client.delete(url).status_code == 405
        assert snapshot() == before


# --- Acts -------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestActWrites:
    def test_teacher_adds_an_act_for_the_teacher_role(self, city, api, tool):
        response = api(city.teacher).post(
            reverse("practical-act-list"), act_body(city, tool, responsible=city.teacher.pk), format="json"
        )
        assert response.status_code == 201, response.content
        act = PracticalAct.objects.get()
        data = response.json()
        assert data["id"] == act.pk
        assert data["url"].endswith(reverse("practical-act-detail", args=[act.pk]))
        assert (data["tool"], data["role"], data["section"]) == (tool.pk, act.role_id, act.section_id)
        assert data["months"] == [8, 9, 1]  # school-year order
        assert len(data["month_names"]) == 3
        assert data["responsible_name"] == city.teacher.get_full_name()
        assert (data["version"], data["order"], data["carried_over"]) == (1, 1, False)
        assert set(data) == {
            "id", "url", "tool", "role", "section", "text", "months", "month_names", "with_whom",
            "responsible", "responsible_name", "order", "carried_over", "version", "updated_at",
        }  # fmt: skip

    def test_teacher_cannot_write_the_nurses_acts(self, city, api, tool):
        nurse_act = make_act(city, tool, key=RoleKey.SCHOOL_NURSE)
        client = api(city.teacher)
        before = snapshot()
        body = act_body(city, tool, key=RoleKey.SCHOOL_NURSE)
        assert client.post(reverse("practical-act-list"), body, format="json").status_code == 403
        url = reverse("practical-act-detail", args=[nurse_act.pk])
        edit = {"version": 1, "text": "Kaapattu"}
        assert client.patch(url, edit, format="json").status_code == 403
        assert client.put(url, {**edit, "section": nurse_act.section_id}, format="json").status_code == 403
        assert client.delete(url).status_code == 403
        assert client.post(reverse("practical-act-confirm", args=[nurse_act.pk])).status_code == 403
        reorder = {"role": nurse_act.role_id, "section": nurse_act.section_id, "acts": [nurse_act.pk]}
        assert (
            client.post(reverse("roles-tool-reorder", args=[tool.pk]), reorder, format="json").status_code
            == 403
        )
        assert client.patch(url, {"text": ""}, format="json").status_code == 403  # 403 before 400
        assert client.get(url).status_code == 200  # other staff of the school read
        assert snapshot() == before

    def test_teacher_edits_an_act_and_a_stale_version_is_409(self, city, api, tool):
        act = make_act(city, tool)
        url = reverse("practical-act-detail", args=[act.pk])
        client = api(city.teacher)
        response = client.patch(
            url, {"version": 1, "text": "Ensimmäinen muokkaus", "months": [3]}, format="json"
        )
        assert response.status_code == 200, response.content
        assert (response.json()["text"], response.json()["version"], response.json()["months"]) == (
            "Ensimmäinen muokkaus",
            2,
            [3],
        )
        assert response.json()["with_whom"] == act.with_whom  # PATCH keeps what it does not name
        before = snapshot()
        stale = client.patch(url, {"version": 1, "text": "Myöhästynyt"}, format="json")
        assert stale.status_code == 409
        assert stale.json()["detail"]
        assert (stale.json()["current"]["text"], stale.json()["current"]["version"]) == (
            "Ensimmäinen muokkaus",
            2,
        )
        assert snapshot() == before

    def test_put_replaces_the_act(self, city, api, tool):
        act = make_act(city, tool)
        second = sections(city)[1]
        body = {
            "version": 1,
            "tool": tool.pk,
            "role": act.role_id,
            "section": second.pk,
            "text": "Uusi teksti",
            "with_whom": "huoltajat",
        }
        response = api(city.teacher).put(reverse("practical-act-detail", args=[act.pk]), body, format="json")
        assert response.status_code == 200, response.content
        act.refresh_from_db()
        assert (act.section, act.text, act.months, act.with_whom) == (second, "Uusi teksti", [], "huoltajat")

    def test_version_is_required(self, city, api, tool):
        act = make_act(city, tool)
        before = snapshot()
        response = api(city.teacher).patch(
            reverse("practical-act-detail", args=[act.pk]), {"text": "Ilman versiota"}, format="json"
        )
        assert response.status_code == 400 and list(response.json()) == ["version"]
        assert snapshot() == before

    @pytest.mark.parametrize("text", ["", "   "])
    def test_empty_text_is_400(self, city, api, tool, text):
        act = make_act(city, tool)
        before = snapshot()
        client = api(city.teacher)
        response = client.post(reverse("practical-act-list"), act_body(city, tool, text=text), format="json")
        assert response.status_code == 400 and list(response.json()) == ["text"]
        response = client.patch(
            reverse("practical-act-detail", args=[act.pk]), {"version": 1, "text": text}, format="json"
        )
        assert response.status_code == 400 and list(response.json()) == ["text"]
        assert snapshot() == before

    def test_an_act_for_a_role_the_school_does_not_use_is_400(self, city, api, tool):
        used = [r for r in tool.roles.all() if r.key != RoleKey.SOCIAL_WORKER]
        services.tool_set_roles(actor=actor(city.principal), tool=tool, roles=used)
        before = snapshot()
        body = act_body(city, tool, key=RoleKey.SOCIAL_WORKER)
        response = api(city.principal).post(reverse("practical-act-list"), body, format="json")
        assert response.status_code == 400 and list(response.json()) == ["role"]
        assert snapshot() == before

    def test_a_responsible_person_of_another_city_is_400(self, city, other_city, api, tool):
        act = make_act(city, tool)
        before = snapshot()
        client = api(city.teacher)
        body = act_body(city, tool, responsible=other_city.teacher.pk)
        response = client.post(reverse("practical-act-list"), body, format="json")
        assert response.status_code == 400 and list(response.json()) == ["responsible"]
        edit = {"version": 1, "responsible": other_city.teacher.pk}
        response = client.patch(reverse("practical-act-detail", args=[act.pk]), edit, format="json")
        assert response.status_code == 400 and list(response.json()) == ["responsible"]
        assert snapshot() == before

    def test_an_act_cannot_move_to_another_tool_or_role(self, city, api, tool, other_school_tool):
        act = make_act(city, tool)
        url = reverse("practical-act-detail", args=[act.pk])
        client = api(city.principal)
        before = snapshot()
        for body, field in [
            ({"version": 1, "tool": other_school_tool.pk}, "tool"),
            ({"version": 1, "tool": 10**6}, "tool"),
            ({"version": 1, "role": role(city.municipality, RoleKey.SCHOOL_NURSE).pk}, "role"),
        ]:
            response = client.patch(url, body, format="json")
            assert response.status_code == 400 and list(response.json()) == [field], body
        # Sending the act's own tool and role back is fine.
        body = {"version": 1, "tool": tool.pk, "role": act.role_id, "text": "Sama paikka"}
        assert snapshot() == before
        assert client.patch(url, body, format="json").status_code == 200

    def test_principal_writes_every_roles_acts_including_the_pupils(self, city, api, tool):
        client = api(city.principal)
        for key in (RoleKey.SCHOOL_NURSE, RoleKey.PUPIL, RoleKey.GUARDIAN):
            body = act_body(city, tool, key=key)
            assert client.post(reverse("practical-act-list"), body, format="json").status_code == 201, key
        body = act_body(city, tool, key=RoleKey.PUPIL)
        assert api(city.teacher).post(reverse("practical-act-list"), body, format="json").status_code == 403

    def test_writes_to_a_published_tool_are_400(self, city, api, tool):
        act = make_act(city, tool)
        services.tool_publish(actor=actor(city.principal), tool=tool)
        before = snapshot()
        for user in (city.teacher, city.principal):
            client = api(user)
            url = reverse("practical-act-detail", args=[act.pk])
            assert (
                client.post(reverse("practical-act-list"), act_body(city, tool), format="json").status_code
                == 400
            )
            assert client.patch(url, {"version": 1, "text": "Myöhässä"}, format="json").status_code == 400
            assert client.delete(url).status_code == 400
            reorder = {"role": act.role_id, "section": act.section_id, "acts": [act.pk]}
            response = client.post(reverse("roles-tool-reorder", args=[tool.pk]), reorder, format="json")
            assert response.status_code == 400
        assert snapshot() == before

    def test_delete_with_and_without_a_version(self, city, api, tool):
        first, second = make_act(city, tool, text="Yksi"), make_act(city, tool, text="Kaksi")
        client = api(city.teacher)
        before = snapshot()
        url = reverse("practical-act-detail", args=[first.pk])
        stale = client.delete(f"{url}?version=7")
        assert stale.status_code == 409 and stale.json()["current"]["id"] == first.pk
        assert client.delete(f"{url}?version=x").status_code == 400
        assert snapshot() == before
        assert client.delete(f"{url}?version=1").status_code == 204
        assert client.delete(reverse("practical-act-detail", args=[second.pk])).status_code == 204
        assert not PracticalAct.objects.exists()

    def test_confirming_a_carried_over_act(self, city, api):
        last_year = make_tool(city, year=city.previous_year)
        make_act(city, last_year)
        tool = services.tool_create(
            actor=actor(city.principal), school=city.school, school_year=city.year, carry_over=True
        )
        act = tool.acts.get()
        url = reverse("practical-act-confirm", args=[act.pk])
        client = api(city.teacher)
        before = snapshot()
        assert client.post(url, {"version": 5}, format="json").status_code == 409
        assert snapshot() == before
        response = client.post(url, {"version": act.version}, format="json")
        assert response.status_code == 200
        assert (response.json()["carried_over"], response.json()["version"]) == (False, act.version + 1)


@pytest.mark.django_db
class TestReorder:
    def test_teacher_reorders_the_teacher_roles_acts(self, city, api, tool):
        a, b, c = (make_act(city, tool, text=t, by=city.teacher) for t in ("A", "B", "C"))
        body = {"role": a.role_id, "section": a.section_id, "acts": [c.pk, a.pk, b.pk]}
        response = api(city.teacher).post(reverse("roles-tool-reorder", args=[tool.pk]), body, format="json")
        assert response.status_code == 200, response.content
        assert [item["text"] for item in response.json()] == ["C", "A", "B"]
        assert list(
            PracticalAct.objects.filter(tool=tool).order_by("order").values_list("text", flat=True)
        ) == ["C", "A", "B"]

    def test_ids_of_another_tool_are_400_and_nothing_moves(self, city, api, tool, other_school_tool):
        a, b = make_act(city, tool, text="A"), make_act(city, tool, text="B")
        stranger = make_act(city, other_school_tool, by=other_school_tool.created_by, text="Vieras")
        before = snapshot()
        client = api(city.principal)
        url = reverse("roles-tool-reorder", args=[tool.pk])
        for acts in ([b.pk, a.pk, stranger.pk], [b.pk, stranger.pk], [b.pk], [a.pk, a.pk, b.pk]):
            body = {"role": a.role_id, "section": a.section_id, "acts": acts}
            assert client.post(url, body, format="json").status_code == 400, acts
        assert snapshot() == before


@pytest.mark.django_db
class TestActReads:
    def test_filters_and_the_staff_of_another_school(self, city, api, tool, other_school_tool):
        teacher_act = make_act(city, tool)
        nurse_act = make_act(city, tool, key=RoleKey.SCHOOL_NURSE, section=sections(city)[1])
        elsewhere = make_act(city, other_school_tool, by=other_school_tool.created_by)
        url = reverse("practical-act-list")
        teacher = api(city.teacher)
        assert {a["id"] for a in results(teacher.get(url))} == {teacher_act.pk, nurse_act.pk}
        assert {a["id"] for a in results(teacher.get(url, {"role": nurse_act.role_id}))} == {nurse_act.pk}
        assert {a["id"] for a in results(teacher.get(url, {"section": teacher_act.section_id}))} == {
            teacher_act.pk
        }
        assert teacher.get(reverse("practical-act-detail", args=[elsewhere.pk])).status_code == 403
        coordinator = api(city.coordinator)
        assert {a["id"] for a in results(coordinator.get(url, {"tool": other_school_tool.pk}))} == {
            elsewhere.pk
        }

    def test_list_queries_do_not_grow(self, city, api, tool):
        client = api(city.teacher)

        def grow() -> None:
            for i in range(10):
                act = make_act(
                    city, tool, text=f"Teko {i}", key=[RoleKey.TEACHER, RoleKey.SCHOOL_NURSE][i % 2]
                )
                act.responsible = [city.teacher, city.nurse][i % 2]
                act.save()

        make_act(city, tool)
        assert_queries_constant(lambda: client.get(reverse("practical-act-list")), grow)


# --- Another municipality ---------------------------------------------------------------------


@pytest.fixture
def b_tool(other_city) -> RolesTool:
    tool = make_tool(other_city)
    make_act(other_city, tool, text="Betalan teko")
    return tool


@pytest.mark.django_db
class TestOtherMunicipality:
    @pytest.mark.parametrize("who", ["coordinator", "principal", "teacher"])
    def test_another_citys_tool_and_act_are_404_for_every_method(self, city, other_city, api, b_tool, who):
        client = api(getattr(city, who))
        own_tool = make_tool(city)
        b_act = b_tool.acts.get()
        before = snapshot()
        tool_url = reverse("roles-tool-detail", args=[b_tool.pk])
        act_url = reverse("practical-act-detail", args=[b_act.pk])
        act_edit = {"version": 1, "text": "Kaapattu", "tool": own_tool.pk, "section": sections(city)[0].pk}
        assert client.get(tool_url).status_code == 404
        assert client.patch(tool_url, {"deadline": "2027-01-01"}, format="json").status_code == 404
        for name in ("roles-tool-submit-review", "roles-tool-publish", "roles-tool-reopen"):
            assert client.post(reverse(name, args=[b_tool.pk])).status_code == 404, name
        assert client.get(reverse("roles-tool-document", args=[b_tool.pk])).status_code == 404
        assert (
            client.get(reverse("roles-tool-document", args=[b_tool.pk]), {"revision": 1}).status_code == 404
        )
        reorder = {"role": b_act.role_id, "section": b_act.section_id, "acts": [b_act.pk]}
        assert (
            client.post(reverse("roles-tool-reorder", args=[b_tool.pk]), reorder, format="json").status_code
            == 404
        )
        for method in ("get", "put", "patch", "delete"):
            assert getattr(client, method)(act_url, act_edit, format="json").status_code == 404, method
        assert client.post(reverse("practical-act-confirm", args=[b_act.pk])).status_code == 404
        assert snapshot() == before

    def test_another_citys_ids_in_a_body_are_400(self, city, other_city, api, b_tool):
        tool = make_tool(city)
        act = make_act(city, tool)
        before = snapshot()
        client = api(city.principal)
        theirs = {
            "tool": b_tool.pk,
            "role": role(other_city.municipality, RoleKey.TEACHER).pk,
            "section": sections(other_city)[0].pk,
        }
        for field, pk in theirs.items():
            response = client.post(
                reverse("practical-act-list"), {**act_body(city, tool), field: pk}, format="json"
            )
            assert response.status_code == 400 and list(response.json()) == [field], field
        edit = {"version": 1, "section": theirs["section"]}
        response = client.patch(reverse("practical-act-detail", args=[act.pk]), edit, format="json")
        assert response.status_code == 400 and list(response.json()) == ["section"]
        for field in ("role", "section"):
            body = {"role": act.role_id, "section": act.section_id, "acts": [act.pk], field: theirs[field]}
            response = client.post(reverse("roles-tool-reorder", args=[tool.pk]), body, format="json")
            assert response.status_code == 400 and list(response.json()) == [field]
        body = {"role": act.role_id, "section": act.section_id, "acts": [act.pk, b_tool.acts.get().pk]}
        assert (
            client.post(reverse("roles-tool-reorder", args=[tool.pk]), body, format="json").status_code == 400
        )
        assert snapshot() == before

    def test_lists_never_show_another_citys_rows(self, city, other_city, api, b_tool):
        tool = make_tool(city)
        act = make_act(city, tool)
        client = api(city.coordinator)
        for name, expected in (("roles-tool-list", {tool.pk}), ("practical-act-list", {act.pk})):
            response = client.get(reverse(name))
            assert {item["id"] for item in results(response)} == expected
            assert "Betala" not in response.content.decode()
        # Filtering by B's tool id finds nothing rather than B's acts.
        assert results(client.get(reverse("practical-act-list"), {"tool": b_tool.pk})) == []


@pytest.mark.django_db
class TestToolRolesAndWriters:
    """The roles a school uses and who writes the pupil and guardian acts: the principal decides."""

    def test_principal_narrows_the_roles_but_not_below_roles_with_acts(self, city, api, tool):
        make_act(city, tool, RoleKey.TEACHER)
        url = reverse("roles-tool-roles", args=[tool.pk])
        keep = [role(city.municipality, key).pk for key in (RoleKey.TEACHER, RoleKey.PRINCIPAL)]
        response = api(city.principal).post(url, {"roles": keep}, format="json")
        assert response.status_code == 200, response.content
        assert set(tool.roles.values_list("pk", flat=True)) == set(keep)
        before = snapshot()
        response = api(city.principal).post(url, {"roles": keep[1:]}, format="json")
        assert response.status_code == 400
        assert set(tool.roles.values_list("pk", flat=True)) == set(keep)
        assert snapshot() == before

    def test_teacher_cannot_change_the_roles_and_other_citys_roles_are_refused(
        self, city, other_city, api, tool
    ):
        url = reverse("roles-tool-roles", args=[tool.pk])
        count = tool.roles.count()
        assert api(city.teacher).post(url, {"roles": []}, format="json").status_code == 403
        foreign = role(other_city.municipality, RoleKey.TEACHER).pk
        assert api(city.principal).post(url, {"roles": [foreign]}, format="json").status_code == 400
        assert tool.roles.count() == count

    def test_principal_grants_and_revokes_a_writer_who_then_writes_pupil_acts(self, city, api, tool):
        url = reverse("roles-tool-writers", args=[tool.pk])
        pupil = role(city.municipality, RoleKey.PUPIL)
        body = act_body(city, tool, RoleKey.PUPIL, text="Oppilaskunnan edustaja ryhmässä")
        assert api(city.teacher).post(reverse("practical-act-list"), body, format="json").status_code == 403
        response = api(city.principal).post(url, {"user": city.teacher.pk}, format="json")
        assert response.status_code == 200
        assert response.json() == [{"user": city.teacher.pk, "name": city.teacher.get_full_name()}]
        assert api(city.teacher).post(reverse("practical-act-list"), body, format="json").status_code == 201
        remove = reverse("roles-tool-writers-remove", args=[tool.pk])
        response = api(city.principal).post(remove, {"user": city.teacher.pk}, format="json")
        assert response.json() == []
        assert api(city.teacher).post(reverse("practical-act-list"), body, format="json").status_code == 403
        assert tool.acts.filter(role=pupil).count() == 1

    def test_only_the_principal_sees_or_changes_writers(self, city, other_city, api, tool):
        url = reverse("roles-tool-writers", args=[tool.pk])
        assert api(city.teacher).get(url).status_code == 403
        assert api(city.teacher).post(url, {"user": city.teacher.pk}, format="json").status_code == 403
        outsider = other_city.teacher
        assert api(city.principal).post(url, {"user": outsider.pk}, format="json").status_code == 400
        assert api(city.principal).get(url).json() == []
