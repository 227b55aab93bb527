"""The group structure pages: the tree, a group's page, the group form and its members."""

from __future__ import annotations

import pytest
from django.urls import reverse

from groups.models import Attachment, GroupMember, MemberKind, WellbeingGroup
from groups.services import structure
from roles.models import RoleKey
from schools.models import Stage
from tests.factories import member, role
from tests.helpers import assert_queries_constant

pytestmark = pytest.mark.django_db


def snapshot() -> tuple:
    return (
        list(WellbeingGroup.objects.order_by("pk").values()),
        list(GroupMember.objects.order_by("pk").values()),
    )


def test_principal_creates_a_stage_group_and_adds_a_staff_member_and_a_pupil_rep(city, levels, as_user):
    """The principal's path: a stage group for their school, a nurse and a pupil representative."""
    client = as_user(city.principal)
    page = client.get(
        reverse("group_create"), {"level": levels[Attachment.STAGE].pk, "school": city.school.pk}
    )
    assert page.status_code == 200
    assert f'<option value="{levels[Attachment.STAGE].pk}" selected>' in page.content.decode()

    response = client.post(
        reverse("group_create"),
        {
            "level": levels[Attachment.STAGE].pk,
            "school": city.school.pk,
            "stage": Stage.LOWER_SECONDARY,
            "name_fi": "Yläkoulun vaiheryhmä",
            "name_sv": "Högstadiets stadiegrupp",
            "reminder_days": "7, 2",
        },
    )
    group = WellbeingGroup.objects.get(name_fi="Yläkoulun vaiheryhmä")
    assert response.status_code == 302 and response.url == reverse("group_detail", args=[group.pk])
    assert (group.school, group.stage, group.reminder_days) == (city.school, Stage.LOWER_SECONDARY, [7, 2])

    add = reverse("group_member_add", args=[group.pk])
    response = client.post(
        add,
        {
            "kind": "staff",
            "user": city.nurse.pk,
            "role": role(city.municipality, RoleKey.SCHOOL_NURSE).pk,
            "language": "fi",
            "name_in_documents": "on",
        },
    )
    assert response.status_code == 302
    response = client.post(
        add,
        {
            "kind": "pupil",
            "name": "Pia Oppilas",
            "represents": "Oppilaskunta",
            "language": "fi",
            "theme": "Kiusaaminen",
        },
    )
    assert response.status_code == 302
    kinds = {m.kind: m for m in group.members.all()}
    assert kinds[MemberKind.STAFF].user == city.nurse
    pupil = kinds[MemberKind.PUPIL]
    assert (pupil.name, pupil.user, pupil.theme, pupil.name_in_documents) == (
        "Pia Oppilas",
        None,
        "Kiusaaminen",
        False,
    )

    detail = client.get(reverse("group_detail", args=[group.pk])).content.decode()
    assert "Pia Oppilas" in detail and "Oppilaskunta" in detail
    assert city.nurse.get_full_name() in detail
    assert (
        "monialaiselle asiantuntijaryhmälle" in detail
    )  # the privacy note, in Finnish (the default language)
    assert reverse("group_edit", args=[group.pk]) in detail

    # The tree shows the new group under the school's filter too.
    tree = client.get(reverse("group_list"), {"school": city.school.pk}).content.decode()
    assert "Yläkoulun vaiheryhmä" in tree


def test_member_edit_and_remove(city, school_group, as_user):
    client = as_user(city.principal)
    pupil = school_group.members.get(kind=MemberKind.PUPIL)
    response = client.post(
        reverse("group_member_edit", args=[pupil.pk]),
        {"name": "Pekka Oppilas", "represents": "Oppilaskunnan hallitus", "language": "fi"},
    )
    assert response.status_code == 302
    pupil.refresh_from_db()
    assert pupil.represents == "Oppilaskunnan hallitus"

    confirm = client.get(reverse("group_member_remove", args=[pupil.pk]))
    assert confirm.status_code == 200 and "Pekka Oppilas" in confirm.content.decode()
    assert GroupMember.objects.filter(pk=pupil.pk).exists()  # GET only asks
    response = client.post(reverse("group_member_remove", args=[pupil.pk]))
    assert response.status_code == 302
    assert not GroupMember.objects.filter(pk=pupil.pk).exists()


def test_teacher_sees_the_tree_but_cannot_change_anything(city, school_group, levels, as_user):
    client = as_user(city.teacher)
    tree = client.get(reverse("group_list"))
    assert tree.status_code == 200 and "Koulun opiskeluhuoltoryhmä" in tree.content.decode()
    assert reverse("group_create") not in tree.content.decode()
    detail = client.get(reverse("group_detail", args=[school_group.pk]))
    assert detail.status_code == 200
    assert reverse("group_edit", args=[school_group.pk]) not in detail.content.decode()

    before = snapshot()
    nurse_member = school_group.members.get(kind=MemberKind.STAFF)
    attempts = [
        ("get", reverse("group_create"), {}),
        (
            "post",
            reverse("group_create"),
            {"level": levels[Attachment.SCHOOL].pk, "school": city.school.pk, "name_fi": "Oma ryhmä"},
        ),
        ("get", reverse("group_edit", args=[school_group.pk]), {}),
        ("post", reverse("group_edit", args=[school_group.pk]), {"name_fi": "Muutettu"}),
        ("get", reverse("group_member_add", args=[school_group.pk]), {}),
        (
            "post",
            reverse("group_member_add", args=[school_group.pk]),
            {"kind": "staff", "user": city.teacher.pk, "language": "fi"},
        ),
        ("post", reverse("group_member_edit", args=[nurse_member.pk]), {"theme": "x"}),
        ("post", reverse("group_member_remove", args=[nurse_member.pk]), {}),
    ]
    for method, url, data in attempts:
        assert getattr(client, method)(url, data).status_code == 403, url
    assert snapshot() == before


def test_coordinator_creates_the_city_group(city, levels, as_user):
    client = as_user(city.coordinator)
    response = client.post(
        reverse("group_create"),
        {
            "level": levels[Attachment.MUNICIPALITY].pk,
            "name_fi": "Kaupungin opiskeluhuoltoryhmä",
            "convener": city.coordinator.pk,
        },
    )
    assert response.status_code == 302
    group = WellbeingGroup.objects.get(level=levels[Attachment.MUNICIPALITY])
    assert group.school is None and group.convener == city.coordinator
    # A principal cannot create one: the service's refusal is a message on the form, nothing written.
    before = snapshot()
    response = as_user(city.principal).post(
        reverse("group_create"), {"level": levels[Attachment.MUNICIPALITY].pk, "name_fi": "Toinen"}
    )
    assert response.status_code == 200 and "form-errors" in response.content.decode()
    assert snapshot() == before


def test_another_municipalitys_objects_are_404(city, other_city, levels, school_group, as_user, actor_for):
    other_levels = {
        lv.attaches_to: lv for lv in structure.levels_install_default(municipality=other_city.municipality)
    }
    other_group = structure.group_create(
        actor=actor_for(other_city.coordinator),
        level=other_levels[Attachment.MUNICIPALITY],
        name_fi="Betalan",
    )
    other_member = structure.member_add(
        actor=actor_for(other_city.coordinator),
        group=other_group,
        kind=MemberKind.STAFF,
        user=other_city.nurse,
    )
    client = as_user(city.coordinator)
    before = snapshot()
    for url in (
        reverse("group_detail", args=[other_group.pk]),
        reverse("group_edit", args=[other_group.pk]),
        reverse("group_member_add", args=[other_group.pk]),
        reverse("group_member_edit", args=[other_member.pk]),
        reverse("group_member_remove", args=[other_member.pk]),
    ):
        assert client.get(url).status_code == 404, url
        if url != reverse("group_detail", args=[other_group.pk]):  # a read-only page: POST is a 405
            assert client.post(url, {"name_fi": "x", "kind": "pupil", "name": "x"}).status_code == 404, url
    assert client.get(reverse("group_list"), {"school": other_city.school.pk}).status_code == 404
    assert "Betalan" not in client.get(reverse("group_list")).content.decode()
    assert snapshot() == before


def test_bad_member_input_is_a_form_error_and_nothing_is_written(city, other_city, school_group, as_user):
    client = as_user(city.principal)
    add = reverse("group_member_add", args=[school_group.pk])
    before = snapshot()
    # Another municipality's person.
    response = client.post(add, {"kind": "staff", "user": other_city.teacher.pk, "language": "fi"})
    assert response.status_code == 200
    assert "id_user_error" in response.content.decode()
    # An external partner without a name.
    response = client.post(add, {"kind": "external", "email": "kumppani@example.com", "language": "fi"})
    assert response.status_code == 200 and "id_name_error" in response.content.decode()
    # A guardian representative without an e-mail: the service's message, on its field.
    response = client.post(add, {"kind": "guardian", "name": "Hilla Huoltaja", "language": "fi"})
    assert response.status_code == 200 and "id_email_error" in response.content.decode()
    # Junk and a reminder list that is no list.
    assert client.post(add, {"kind": "alien", "user": "٣"}).status_code == 200
    edit = client.post(
        reverse("group_edit", args=[school_group.pk]), {"name_fi": "X", "reminder_days": "7, x"}
    )
    assert edit.status_code == 200 and "id_reminder_days_error" in edit.content.decode()
    assert snapshot() == before


def test_markup_in_names_is_escaped(city, school_group, as_user, actor_for):
    structure.member_add(
        actor=actor_for(city.principal),
        group=school_group,
        kind=MemberKind.PUPIL,
        name="<script>alert(1)</script>",
        represents="<b>oppilaskunta</b>",
    )
    client = as_user(city.principal)
    for url in (reverse("group_detail", args=[school_group.pk]), reverse("group_list")):
        html = client.get(url).content.decode()
        assert "<script>alert(1)" not in html and "<b>oppilaskunta" not in html
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;"
        in client.get(reverse("group_detail", args=[school_group.pk])).content.decode()
    )


def test_tree_and_group_page_queries_do_not_grow(city, levels, school_group, as_user, actor_for):
    principal = actor_for(city.principal)
    client = as_user(city.principal)
    added = {"n": 0}

    def grow(count: int) -> None:
        for _ in range(count):
            added["n"] += 1
            n = added["n"]
            structure.group_create(
                actor=principal,
                level=levels[Attachment.PARENT],
                name_fi=f"Työryhmä {n}",
                parent=school_group,
                purpose="Kiusaamisen ehkäisy",
            )
            person = member(city.municipality, email=f"jasen{n}@alfala.fi")
            structure.member_add(actor=principal, group=school_group, kind=MemberKind.STAFF, user=person)
            structure.member_add(
                actor=principal,
                group=school_group,
                kind=MemberKind.EXTERNAL,
                name=f"Kumppani {n}",
                email=f"k{n}@example.com",
                role=role(city.municipality, RoleKey.SCHOOL_NURSE),
            )

    grow(3)
    assert_queries_constant(lambda: client.get(reverse("group_list")), lambda: grow(12))
    assert_queries_constant(
        lambda: client.get(reverse("group_detail", args=[school_group.pk])), lambda: grow(12)
    )
