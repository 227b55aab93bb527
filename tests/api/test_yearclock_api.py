"""The yearclock API: the city template, the schools' yearclocks and their entries, with refusals
that write nothing and other towns' ids as 404s."""

from __future__ import annotations

import pytest
from django.urls import reverse

from groups.models import Attachment
from groups.services.structure import levels_install_default
from roles.models import RoleKey
from tests.factories import role
from yearclock.models import EntrySource, EntryStatus, TemplateEntry, Yearclock, YearclockEntry
from yearclock.services import clocks, template

pytestmark = pytest.mark.django_db

TEMPLATE = "/api/v1/yearclock-template-entries/"
CLOCKS = "/api/v1/yearclocks/"
ENTRIES = "/api/v1/yearclock-entries/"


@pytest.fixture
def levels(city):
    return {lv.attaches_to: lv for lv in levels_install_default(municipality=city.municipality)}


@pytest.fixture
def city_template(city, levels, actor_for):
    coordinator = actor_for(city.coordinator)
    return [
        template.template_entry_create(
            actor=coordinator,
            theme="Ryhmäytyminen",
            start_month=8,
            end_month=9,
            level=levels[Attachment.SCHOOL],
        ),
        template.template_entry_create(
            actor=coordinator, theme="Kiusaamiskysely", start_month=10, end_month=10, weeks=[40]
        ),
    ]


@pytest.fixture
def clock(city, city_template, actor_for):
    return clocks.yearclock_create(actor=actor_for(city.principal), school=city.school, school_year=city.year)


def test_the_coordinator_writes_the_template_and_members_read_it(city, levels, api):
    coordinator = api(city.coordinator)
    response = coordinator.post(
        TEMPLATE,
        {
            "theme": "Hyvinvointikysely",
            "theme_sv": "Välmåendeenkät",
            "start_month": 10,
            "end_month": 10,
            "level": levels[Attachment.SCHOOL].pk,
            "evaluation_sources": ["wellbeing_survey"],
            "roles": [role(city.municipality, RoleKey.PRINCIPAL).pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["months"] == [10] and body["roles"] == [role(city.municipality, RoleKey.PRINCIPAL).pk]
    patched = coordinator.patch(f"{TEMPLATE}{body['id']}/", {"end_month": 11}, format="json")
    assert patched.status_code == 200 and patched.json()["months"] == [10, 11]

    teacher = api(city.teacher)
    assert [e["theme"] for e in teacher.get(TEMPLATE).json()["results"]] == ["Hyvinvointikysely"]
    assert teacher.get(f"{TEMPLATE}{body['id']}/").status_code == 200
    refused = teacher.post(TEMPLATE, {"theme": "X", "start_month": 8, "end_month": 8}, format="json")
    assert refused.status_code == 403
    assert teacher.patch(f"{TEMPLATE}{body['id']}/", {"theme": "Y"}, format="json").status_code == 403
    assert TemplateEntry.objects.get(pk=body["id"]).theme == "Hyvinvointikysely"


@pytest.mark.parametrize(
    "months",
    [
        {"start_month": 13, "end_month": 13},
        {"start_month": 0, "end_month": 5},
        {"start_month": 3, "end_month": 9},
    ],
)
def test_bad_months_are_a_400_and_nothing_is_written(city, api, months):
    response = api(city.coordinator).post(TEMPLATE, {"theme": "X", **months}, format="json")
    assert response.status_code == 400
    assert "end_month" in response.json() or "start_month" in response.json()
    assert not TemplateEntry.objects.exists()


def test_the_principal_creates_the_yearclock_once(city, city_template, api):
    principal = api(city.principal)
    response = principal.post(CLOCKS, {"school": city.school.pk, "school_year": city.year.pk}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert [e["theme"] for e in body["entries"]] == ["Ryhmäytyminen", "Kiusaamiskysely"]
    assert all(e["source"] == EntrySource.CITY for e in body["entries"])
    assert body["entry_count"] == 2 and body["can_manage"] is True

    again = principal.post(CLOCKS, {"school": city.school.pk, "school_year": city.year.pk}, format="json")
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": ["Tällä koululla on jo vuosikello tälle lukuvuodelle."]}
    assert Yearclock.objects.count() == 1

    teacher = api(city.teacher)
    refused = teacher.post(
        CLOCKS, {"school": city.school.pk, "school_year": city.previous_year.pk}, format="json"
    )
    assert refused.status_code == 403
    assert Yearclock.objects.count() == 1

    listed = teacher.get(CLOCKS, {"school": city.school.pk, "school_year": city.year.pk}).json()["results"]
    assert [(c["id"], c["entry_count"], c["done_count"]) for c in listed] == [(body["id"], 2, 0)]
    assert teacher.get(CLOCKS, {"school_year": city.previous_year.pk}).json()["results"] == []
    detail = teacher.get(f"{CLOCKS}{body['id']}/").json()
    assert len(detail["entries"]) == 2 and detail["can_manage"] is False


def test_entries_are_added_edited_moved_dropped_and_marked(city, clock, api):
    principal = api(city.principal)
    created = principal.post(
        ENTRIES,
        {
            "yearclock": clock.pk,
            "theme": "Välkkärit",
            "start_month": 11,
            "end_month": 2,
            "owner": city.teacher.pk,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    own = created.json()
    assert own["months"] == [11, 12, 1, 2] and own["owner"] == city.teacher.pk and own["source"] == "school"

    november = principal.get(ENTRIES, {"yearclock": clock.pk, "month": 1}).json()["results"]
    assert [e["theme"] for e in november] == ["Välkkärit"]

    patched = principal.patch(
        f"{ENTRIES}{own['id']}/", {"owner": city.nurse.pk, "theme": "Välkkärit 2"}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["owner"] == city.nurse.pk

    city_entry = YearclockEntry.objects.get(yearclock=clock, theme="Ryhmäytyminen")
    moved = principal.post(
        f"{ENTRIES}{city_entry.pk}/move/", {"start_month": 9, "end_month": 10}, format="json"
    )
    assert moved.status_code == 200 and moved.json()["months"] == [9, 10]
    backwards = principal.post(
        f"{ENTRIES}{city_entry.pk}/move/", {"start_month": 5, "end_month": 8}, format="json"
    )
    assert backwards.status_code == 400 and "end_month" in backwards.json()
    outside = principal.post(
        f"{ENTRIES}{city_entry.pk}/move/", {"start_month": 9, "end_month": 13}, format="json"
    )
    assert outside.status_code == 400
    assert YearclockEntry.objects.get(pk=city_entry.pk).months == [9, 10]

    dropped = principal.post(f"{ENTRIES}{city_entry.pk}/drop/")
    assert dropped.status_code == 200 and dropped.json()["dropped"] is True
    assert principal.post(f"{ENTRIES}{city_entry.pk}/restore/").json()["dropped"] is False
    assert principal.post(f"{ENTRIES}{own['id']}/drop/").status_code == 204
    assert not YearclockEntry.objects.filter(pk=own["id"]).exists()

    marked = principal.post(f"{ENTRIES}{city_entry.pk}/mark-evaluation/")
    assert marked.status_code == 200 and marked.json()["is_evaluation"] is True

    no_reason = principal.post(f"{ENTRIES}{city_entry.pk}/status/", {"status": "skipped"}, format="json")
    assert no_reason.status_code == 400 and "skip_reason" in no_reason.json()
    skipped = principal.post(
        f"{ENTRIES}{city_entry.pk}/status/",
        {"status": "skipped", "skip_reason": "Ei tänä vuonna"},
        format="json",
    )
    assert skipped.status_code == 200 and skipped.json()["status"] == EntryStatus.SKIPPED


def test_owner_sets_the_status_but_edits_nothing_else(city, clock, api, actor_for):
    entry = YearclockEntry.objects.get(yearclock=clock, theme="Kiusaamiskysely")
    clocks.entry_update(actor=actor_for(city.principal), entry=entry, owner=city.teacher)
    teacher = api(city.teacher)
    done = teacher.post(f"{ENTRIES}{entry.pk}/status/", {"status": "done"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert teacher.patch(f"{ENTRIES}{entry.pk}/", {"theme": "X"}, format="json").status_code == 403
    assert teacher.post(f"{ENTRIES}{entry.pk}/drop/").status_code == 403
    nurse = api(city.nurse)
    assert nurse.post(f"{ENTRIES}{entry.pk}/status/", {"status": "planned"}, format="json").status_code == 403
    entry.refresh_from_db()
    assert (entry.theme, entry.status, entry.dropped) == ("Kiusaamiskysely", "done", False)


def test_an_owner_from_another_school_is_refused(city, clock, api):
    from tests.factories import assign, member

    lukio_teacher = member(city.municipality, email="lukio@alfala.fi")
    assign(lukio_teacher, city.other_school, RoleKey.TEACHER, city.year)
    entry = YearclockEntry.objects.get(yearclock=clock, theme="Kiusaamiskysely")
    response = api(city.principal).patch(f"{ENTRIES}{entry.pk}/", {"owner": lukio_teacher.pk}, format="json")
    assert response.status_code == 400 and "owner" in response.json()
    created = api(city.principal).post(
        ENTRIES,
        {"yearclock": clock.pk, "theme": "X", "start_month": 8, "end_month": 8, "owner": lukio_teacher.pk},
        format="json",
    )
    assert created.status_code == 400 and "owner" in created.json()
    entry.refresh_from_db()
    assert entry.owner is None and clock.entries.count() == 2


def test_another_towns_ids_are_404(city, other_city, clock, api):
    stranger = api(other_city.principal)
    entry = clock.entries.first()
    template_entry = TemplateEntry.objects.first()
    for url in (f"{CLOCKS}{clock.pk}/", f"{ENTRIES}{entry.pk}/", f"{TEMPLATE}{template_entry.pk}/"):
        response = stranger.get(url)
        assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
    for action in ("move", "drop", "restore", "status", "mark-evaluation"):
        response = stranger.post(
            f"{ENTRIES}{entry.pk}/{action}/", {"start_month": 8, "end_month": 8}, format="json"
        )
        assert response.status_code == 404
    assert stranger.patch(f"{ENTRIES}{entry.pk}/", {"theme": "X"}, format="json").status_code == 404
    assert stranger.get(CLOCKS).json()["results"] == []
    assert stranger.get(ENTRIES, {"yearclock": clock.pk}).json()["results"] == []
    assert stranger.get(TEMPLATE).json()["results"] == []
    created = stranger.post(
        ENTRIES, {"yearclock": clock.pk, "theme": "X", "start_month": 8, "end_month": 8}, format="json"
    )
    assert created.status_code == 400 and "yearclock" in created.json()
    entry.refresh_from_db()
    assert entry.theme == "Ryhmäytyminen" and not entry.dropped
    assert reverse("yearclock-entry-detail", args=[entry.pk]) == f"{ENTRIES}{entry.pk}/"
