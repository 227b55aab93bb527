"""The wellbeing groups' API: the same services and policies as the pages, answered as JSON."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from groups.models import (
    ActionItem,
    AgendaItem,
    Attachment,
    GroupMember,
    Meeting,
    MemberKind,
    MinutesState,
    WellbeingGroup,
)
from groups.services import actions, meetings, structure
from schools.tenancy import resolve_actor
from tests.helpers import assert_queries_constant

IDENTITY_CODE = "131052-308T"  # a valid Finnish personal identity code (checksum right)


def at(days: int, hour: int = 14) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    data = response.json()
    return data["results"] if isinstance(data, dict) else data


def levels(city) -> dict[str, int]:
    return {lv.attaches_to: lv for lv in structure.levels_install_default(municipality=city.municipality)}


@pytest.fixture
def group(city):
    """The school's group, with the nurse, a pupil representative and a guardian with an address."""
    principal = resolve_actor(city.principal, None)
    group = structure.group_create(
        actor=principal, level=levels(city)[Attachment.SCHOOL], name_fi="Koulun ryhmä", school=city.school
    )
    structure.member_add(actor=principal, group=group, kind=MemberKind.STAFF, user=city.nurse)
    structure.member_add(actor=principal, group=group, kind=MemberKind.PUPIL, name="Pekka Oppilas")
    structure.member_add(
        actor=principal,
        group=group,
        kind=MemberKind.GUARDIAN,
        name="Hanna Huoltaja",
        email="hanna@example.com",
    )
    return group


@pytest.fixture
def meeting(city, group):
    return meetings.meeting_create(
        actor=resolve_actor(city.principal, None), group=group, starts_at=at(10), ends_at=at(10, 15)
    )


def json_error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


@pytest.mark.django_db
def test_the_principal_runs_a_group_through_the_api(city, api):
    client = api(city.principal)
    school_level = levels(city)[Attachment.SCHOOL]
    assert len(results(client.get("/api/v1/group-levels/"))) == 4

    response = client.post(
        "/api/v1/groups/", {"level": school_level.pk, "name_fi": "Koulun ryhmä", "school": city.school.pk}
    )
    assert response.status_code == 201, response.content
    group_id = response.json()["id"]
    assert response.json()["school_name"] == city.school.name
    assert [g["id"] for g in results(client.get("/api/v1/groups/", {"school": city.school.pk}))] == [group_id]

    nurse = client.post("/api/v1/group-members/", {"group": group_id, "kind": "staff", "user": city.nurse.pk})
    assert nurse.status_code == 201, nurse.content
    pupil = client.post(
        "/api/v1/group-members/",
        {"group": group_id, "kind": "pupil", "name": "Pekka Oppilas", "represents": "oppilaskunta"},
    )
    assert pupil.status_code == 201, pupil.content
    assert len(results(client.get("/api/v1/group-members/", {"group": group_id}))) == 2

    created = client.post(
        "/api/v1/meetings/",
        {
            "group": group_id,
            "starts_at": at(10).isoformat(),
            "ends_at": at(10, 15).isoformat(),
            "place": "Sali",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    meeting_id = created.json()["id"]
    item = client.post(
        "/api/v1/agenda-items/",
        {"meeting": meeting_id, "title": "Kiusaamisen ehkäisy", "presenter": nurse.json()["id"]},
        format="json",
    )
    assert item.status_code == 201, item.content
    item_id = item.json()["id"]
    assert item.json()["presenter_name"] == city.nurse.get_full_name()

    first = client.post(f"/api/v1/meetings/{meeting_id}/invite/")
    assert first.status_code == 200 and first.json()["queued"] > 0
    assert client.post(f"/api/v1/meetings/{meeting_id}/invite/").json() == {"queued": 0}

    moved = client.patch(
        f"/api/v1/meetings/{meeting_id}/",
        {"starts_at": at(11).isoformat(), "ends_at": at(11, 15).isoformat()},
        format="json",
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["sequence"] == created.json()["sequence"] + 1

    task = client.post(
        "/api/v1/action-items/",
        {"meeting": meeting_id, "what": "Kysely", "owner": city.teacher.pk, "due_on": str(at(20).date())},
        format="json",
    )
    assert task.status_code == 201, task.content

    # The meeting is held: minutes with attendance, then approval.
    Meeting.objects.filter(pk=meeting_id).update(starts_at=at(-1), ends_at=at(-1, 15))
    version = client.get(f"/api/v1/meetings/{meeting_id}/").json()["version"]
    body = {
        "version": version,
        "general": "Kaikki paikalla.",
        "items": [{"id": item_id, "minutes": "Keskusteltiin.", "decision": "Kysely tehdään."}],
        "attendance": [{"member": nurse.json()["id"], "status": "present"}],
    }
    saved = client.put(f"/api/v1/meetings/{meeting_id}/minutes/", body, format="json")
    assert saved.status_code == 200, saved.content
    assert saved.json()["state"] == MinutesState.DRAFT
    assert saved.json()["attendance"][0]["status"] == "present"
    assert saved.json()["items"][0]["decision"] == "Kysely tehdään."

    # The draft is the convener's: a member sees no minutes yet.
    member = api(city.nurse)
    assert member.get(f"/api/v1/meetings/{meeting_id}/minutes/").status_code == 403
    assert member.get(f"/api/v1/meetings/{meeting_id}/").json()["minutes_general"] is None
    assert member.get(f"/api/v1/agenda-items/{item_id}/").json()["minutes"] is None

    approved = client.post(f"/api/v1/meetings/{meeting_id}/approve-minutes/")
    assert approved.status_code == 200, approved.content
    assert approved.json()["minutes_state"] == MinutesState.APPROVED
    seen = member.get(f"/api/v1/meetings/{meeting_id}/").json()
    assert seen["minutes_general"] == "Kaikki paikalla."
    assert seen["agenda_items"][0]["minutes"] == "Keskusteltiin."
    assert member.get(f"/api/v1/meetings/{meeting_id}/minutes/").status_code == 200

    # Approved minutes are frozen: a clear 400.
    again = client.put(f"/api/v1/meetings/{meeting_id}/minutes/", {**body, "version": 99}, format="json")
    assert "hyväksytty" in str(json_error(again, 400))

    # The owner sees the item as theirs and marks it done; editing it is not theirs.
    teacher = api(city.teacher)
    mine = results(teacher.get("/api/v1/action-items/", {"show": "mine"}))
    assert [i["id"] for i in mine] == [task.json()["id"]]
    done = teacher.patch(f"/api/v1/action-items/{task.json()['id']}/", {"status": "done"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert (
        teacher.patch(
            f"/api/v1/action-items/{task.json()['id']}/", {"what": "Muuta"}, format="json"
        ).status_code
        == 403
    )
    assert ActionItem.objects.get(pk=task.json()["id"]).what == "Kysely"


@pytest.mark.django_db
def test_a_non_member_teacher_is_refused_and_nothing_changes(city, api, meeting, group):
    item = meetings.agenda_item_add(actor=resolve_actor(city.principal, None), meeting=meeting, title="Asia")
    teacher = api(city.teacher)
    url = f"/api/v1/meetings/{meeting.pk}/"
    assert teacher.get(url).status_code == 403
    assert teacher.get(f"{url}minutes/").status_code == 403
    put = {"version": meeting.version, "general": "Ei", "items": []}
    assert teacher.put(f"{url}minutes/", put, format="json").status_code == 403
    assert teacher.patch(url, {"place": "Muualla"}, format="json").status_code == 403
    assert teacher.post(f"{url}invite/").status_code == 403
    assert teacher.post(f"{url}cancel/").status_code == 403
    assert (
        teacher.post(
            "/api/v1/agenda-items/", {"meeting": meeting.pk, "title": "Oma"}, format="json"
        ).status_code
        == 403
    )
    assert teacher.patch(f"/api/v1/agenda-items/{item.pk}/", {"title": "X"}, format="json").status_code == 403
    assert teacher.delete(f"/api/v1/agenda-items/{item.pk}/").status_code == 403
    member = group.members.get(user=city.nurse)
    assert (
        teacher.patch(f"/api/v1/group-members/{member.pk}/", {"theme": "X"}, format="json").status_code == 403
    )
    assert teacher.delete(f"/api/v1/group-members/{member.pk}/").status_code == 403
    assert teacher.patch(f"/api/v1/groups/{group.pk}/", {"name_fi": "X"}, format="json").status_code == 403
    body = {"level": group.level_id, "name_fi": "Oma ryhmä", "school": city.school.pk}
    assert teacher.post("/api/v1/groups/", body, format="json").status_code == 403
    # The teacher sees none of the group's meetings in the list either.
    assert results(teacher.get("/api/v1/meetings/")) == []

    meeting.refresh_from_db()
    assert (meeting.place, meeting.minutes_general, meeting.state) == ("", "", "planned")
    assert AgendaItem.objects.filter(meeting=meeting).count() == 1
    assert group.members.count() == 3
    assert WellbeingGroup.objects.filter(municipality=city.municipality).count() == 1
    assert WellbeingGroup.objects.get(pk=group.pk).name_fi == "Koulun ryhmä"


@pytest.mark.django_db
def test_another_towns_ids_are_a_json_404(city, other_city, api, meeting, group):
    item = meetings.agenda_item_add(actor=resolve_actor(city.principal, None), meeting=meeting, title="Asia")
    member = group.members.first()
    stranger = api(other_city.principal)
    for method, url, body in [
        ("get", f"/api/v1/groups/{group.pk}/", None),
        ("patch", f"/api/v1/groups/{group.pk}/", {"name_fi": "Meidän"}),
        ("get", f"/api/v1/group-members/?group={group.pk}", None),
        ("delete", f"/api/v1/group-members/{member.pk}/", None),
        ("get", f"/api/v1/meetings/{meeting.pk}/", None),
        ("get", f"/api/v1/meetings/{meeting.pk}/minutes/", None),
        ("post", f"/api/v1/meetings/{meeting.pk}/cancel/", None),
        ("patch", f"/api/v1/agenda-items/{item.pk}/", {"title": "Meidän"}),
        ("get", f"/api/v1/group-levels/{group.level_id}/", None),
    ]:
        response = getattr(stranger, method)(url, body, format="json")
        assert json_error(response, 404), url
    # Naming the town's meeting in a body is "does not exist" (400), never a write.
    response = stranger.post("/api/v1/agenda-items/", {"meeting": meeting.pk, "title": "X"}, format="json")
    assert "meeting" in json_error(response, 400)
    assert results(stranger.get("/api/v1/groups/")) == []
    meeting.refresh_from_db()
    assert meeting.state == "planned"
    assert WellbeingGroup.objects.get(pk=group.pk).name_fi == "Koulun ryhmä"
    assert group.members.count() == 3 and AgendaItem.objects.get(pk=item.pk).title == "Asia"


@pytest.mark.django_db
def test_a_member_from_another_municipality_is_refused(city, other_city, api, group):
    body = {"group": group.pk, "kind": "staff", "user": other_city.teacher.pk}
    response = api(city.principal).post("/api/v1/group-members/", body, format="json")
    assert "user" in json_error(response, 400)
    assert group.members.count() == 3
    assert not GroupMember.objects.filter(user=other_city.teacher).exists()


@pytest.mark.django_db
def test_an_identity_code_in_the_minutes_is_refused_with_a_reason(city, api, meeting):
    item = meetings.agenda_item_add(actor=resolve_actor(city.principal, None), meeting=meeting, title="Asia")
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=at(-1), ends_at=at(-1, 15))
    body = {
        "version": meeting.version,
        "general": "",
        "items": [{"id": item.pk, "minutes": f"Oppilas {IDENTITY_CODE} puhutti.", "decision": ""}],
    }
    response = api(city.principal).put(f"/api/v1/meetings/{meeting.pk}/minutes/", body, format="json")
    detail = json_error(response, 400)
    assert "Henkilötunnus" in str(detail)  # the guard says why, in the default language
    item.refresh_from_db()
    meeting.refresh_from_db()
    assert item.minutes == "" and meeting.minutes_state == MinutesState.NONE


@pytest.mark.django_db
def test_addresses_of_members_without_account_are_for_those_who_keep_the_group(city, api, group):
    def addresses(user) -> dict[str, str | None]:
        rows = results(api(user).get("/api/v1/group-members/", {"group": group.pk}))
        return {row["display_name"]: row["email"] for row in rows}

    assert addresses(city.principal)["Hanna Huoltaja"] == "hanna@example.com"
    assert addresses(city.teacher)["Hanna Huoltaja"] is None
    assert addresses(city.nurse)["Hanna Huoltaja"] is None


@pytest.mark.django_db
def test_junk_bodies_and_ids_are_a_400_or_404(city, api, group, meeting):
    client = api(city.principal)
    deep = '{"a":' * 65 + "1" + "}" * 65
    for url in ("/api/v1/meetings/", "/api/v1/group-members/", f"/api/v1/meetings/{meeting.pk}/minutes/"):
        method = "PUT" if url.endswith("minutes/") else "POST"
        json_error(client.generic(method, url, deep, content_type="application/json"), 400)
    for value in (2**63, 2**64, "9" * 30):
        json_error(
            client.post("/api/v1/group-members/", {"group": value, "kind": "pupil"}, format="json"), 400
        )
        json_error(client.get("/api/v1/meetings/", {"group": value}), 400)
        json_error(client.get(f"/api/v1/meetings/{value}/"), 404)
        body = {
            "version": 1,
            "items": [{"id": value}],
            "attendance": [{"member": value, "status": "present"}],
        }
        json_error(client.put(f"/api/v1/meetings/{meeting.pk}/minutes/", body, format="json"), 400)
    assert group.members.count() == 3


@pytest.mark.django_db
def test_invitations_to_a_cancelled_meeting_are_refused(city, api, meeting):
    client = api(city.principal)
    assert client.post(f"/api/v1/meetings/{meeting.pk}/cancel/").json()["state"] == "cancelled"
    assert "peruttu" in str(json_error(client.post(f"/api/v1/meetings/{meeting.pk}/invite/"), 400))


@pytest.mark.django_db
class TestQueryCounts:
    """Lists cost the same number of queries with 3 rows as with 15."""

    @pytest.mark.parametrize(
        "who, url",
        [
            ("principal", "/api/v1/meetings/"),
            ("nurse", "/api/v1/meetings/?upcoming=true"),
            ("principal", "/api/v1/action-items/"),
            ("teacher", "/api/v1/action-items/?show=mine"),
            ("nurse", "/api/v1/action-items/?show=open"),
        ],
    )
    def test_meetings_and_action_items(self, city, api, group, who, url):
        principal = resolve_actor(city.principal, None)

        def add(n: int) -> None:
            for _ in range(n):
                day = 5 + Meeting.objects.filter(group=group).count()
                meeting = meetings.meeting_create(
                    actor=principal, group=group, starts_at=at(day), ends_at=at(day, 15)
                )
                actions.action_item_create(
                    actor=principal, meeting=meeting, what="Tehtävä", owner=city.teacher, due_on=at(40).date()
                )

        add(3)
        client = api(getattr(city, who))
        assert_queries_constant(lambda: results(client.get(url)), lambda: add(12), at_most=12)
        assert len(results(client.get(url))) == 15

    def test_groups_and_members(self, city, api, group):
        principal = resolve_actor(city.principal, None)
        client = api(city.principal)

        def more_members() -> None:
            for n in range(12):
                structure.member_add(actor=principal, group=group, kind=MemberKind.PUPIL, name=f"Oppilas {n}")

        def more_groups() -> None:
            for n in range(12):
                structure.group_create(
                    actor=principal,
                    level=levels(city)[Attachment.PARENT],
                    name_fi=f"Työryhmä {n}",
                    parent=group,
                    purpose="Kiusaaminen",
                )

        url = f"/api/v1/group-members/?group={group.pk}"
        assert_queries_constant(lambda: results(client.get(url)), more_members, at_most=12)
        assert_queries_constant(lambda: results(client.get("/api/v1/groups/")), more_groups, at_most=12)
