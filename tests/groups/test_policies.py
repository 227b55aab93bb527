"""Who may read and write what in the groups app: members, conveners, delegated preparers, the
coordinator, non-members and another municipality's people."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from core.errors import ObjectNotFound
from groups import policies, selectors
from groups.models import ActionStatus, Attachment, Meeting, MemberKind, MinutesState
from groups.services import actions, meetings, minutes, structure

from .conftest import in_days
from .test_services import counts, refused, state

pytestmark = pytest.mark.django_db


def _draft(city, meeting, actor_for) -> Meeting:
    principal = actor_for(city.principal)
    item = meetings.agenda_item_add(
        actor=principal, meeting=meeting, title="Kiusaamisen vastainen suunnitelma"
    )
    return minutes.minutes_save(
        actor=principal,
        meeting=meeting,
        version=meeting.version,
        general="",
        items={item.pk: ("Käsiteltiin.", "Päivitetään.")},
    )


def _held(meeting: Meeting) -> Meeting:
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=in_days(-1), ends_at=in_days(-1, 15))
    return Meeting.objects.get(pk=meeting.pk)


def test_a_delegated_preparer_edits_agenda_and_minutes_but_does_not_approve(city, meeting, actor_for):
    principal = actor_for(city.principal)
    assert not policies.meetings.can_prepare(actor_for(city.teacher), meeting)
    meetings.meeting_set_preparer(actor=principal, meeting=meeting, user=city.teacher)
    teacher = actor_for(city.teacher)
    assert policies.meetings.can_view(teacher, meeting)
    assert policies.meetings.can_prepare(teacher, meeting)
    item = meetings.agenda_item_add(actor=teacher, meeting=meeting, title="Välituntitoiminta")
    meetings.agenda_item_update(actor=teacher, item=item, description="Oppilaskunnan ehdotukset.")
    meeting = _held(meeting)
    minutes.minutes_save(
        actor=teacher, meeting=meeting, version=meeting.version, general="", items={item.pk: ("K", "P")}
    )
    assert policies.meetings.can_read_draft_minutes(teacher, meeting)
    meeting.refresh_from_db()
    assert not policies.meetings.can_approve_minutes(teacher, meeting)
    refused(
        lambda: minutes.minutes_approve(actor=teacher, meeting=meeting), PermissionDenied, meeting=meeting
    )
    # Nor move, cancel or name another preparer: the convener's.
    refused(
        lambda: meetings.meeting_update(actor=teacher, meeting=meeting, place="X"),
        PermissionDenied,
        meeting=meeting,
    )
    refused(
        lambda: meetings.meeting_cancel(actor=teacher, meeting=meeting), PermissionDenied, meeting=meeting
    )
    minutes.minutes_approve(actor=principal, meeting=meeting)
    assert Meeting.objects.get(pk=meeting.pk).minutes_state == MinutesState.APPROVED


def test_taking_the_preparation_away_takes_the_grant(city, meeting, actor_for):
    principal = actor_for(city.principal)
    meetings.meeting_set_preparer(actor=principal, meeting=meeting, user=city.teacher)
    meetings.meeting_set_preparer(actor=principal, meeting=meeting, user=None)
    teacher = actor_for(city.teacher)
    assert not policies.meetings.can_view(teacher, meeting)
    refused(
        lambda: meetings.agenda_item_add(actor=teacher, meeting=meeting, title="X"),
        PermissionDenied,
        meeting=meeting,
    )


def test_the_coordinator_reads_approved_minutes_of_a_school_group_not_drafts(city, meeting, actor_for):
    meeting = _held(_draft(city, meeting, actor_for))
    coordinator = actor_for(city.coordinator)
    assert policies.meetings.can_view(coordinator, meeting)
    assert not policies.meetings.can_read_minutes(coordinator, meeting)
    assert not policies.meetings.can_read_draft_minutes(coordinator, meeting)
    minutes.minutes_approve(actor=actor_for(city.principal), meeting=meeting)
    meeting.refresh_from_db()
    assert policies.meetings.can_read_minutes(actor_for(city.coordinator), meeting)


def test_a_member_reads_approved_minutes_only(city, meeting, actor_for):
    meeting = _held(_draft(city, meeting, actor_for))
    assert not policies.meetings.can_read_minutes(actor_for(city.nurse), meeting)
    minutes.minutes_approve(actor=actor_for(city.principal), meeting=meeting)
    meeting.refresh_from_db()
    assert policies.meetings.can_read_minutes(actor_for(city.nurse), meeting)
    assert not policies.meetings.can_prepare(actor_for(city.nurse), meeting)


def test_a_non_member_teacher_sees_no_meeting_nor_minutes_nor_others_action_items(city, meeting, actor_for):
    meeting = _held(_draft(city, meeting, actor_for))
    principal = actor_for(city.principal)
    task = actions.action_item_create(
        actor=principal, meeting=meeting, what="Kysely", owner=city.nurse, due_on=in_days(20).date()
    )
    minutes.minutes_approve(actor=principal, meeting=meeting)
    meeting.refresh_from_db()
    teacher = actor_for(city.teacher)
    assert not policies.meetings.can_view(teacher, meeting)
    assert not policies.meetings.can_read_minutes(teacher, meeting)
    assert not selectors.visible_meetings(teacher).exists()
    with pytest.raises(PermissionDenied):
        selectors.access_meeting(teacher, meeting.pk)
    assert not selectors.visible_action_items(teacher).exists()
    with pytest.raises(PermissionDenied):
        selectors.access_action_item(teacher, task.pk)
    # The group itself is no secret: the structure is everyone's.
    assert selectors.access_group(teacher, meeting.group_id) == meeting.group


def test_another_municipalitys_people_get_404_for_everything(city, other_city, meeting, actor_for):
    principal = actor_for(city.principal)
    task = actions.action_item_create(
        actor=principal, meeting=meeting, what="Kysely", owner=city.teacher, due_on=in_days(20).date()
    )
    item = meetings.agenda_item_add(actor=principal, meeting=meeting, title="Asia")
    member = meeting.group.members.first()
    for person in (other_city.coordinator, other_city.principal, other_city.teacher):
        stranger = actor_for(person, other_city.municipality)
        for access, pk in (
            (selectors.access_group, meeting.group_id),
            (selectors.access_meeting, meeting.pk),
            (selectors.access_agenda_item, item.pk),
            (selectors.access_action_item, task.pk),
            (selectors.access_member, member.pk),
            (selectors.access_level, meeting.group.level_id),
        ):
            with pytest.raises(ObjectNotFound):
                access(stranger, pk)
        assert not selectors.visible_meetings(stranger).exists()
        assert not selectors.visible_action_items(stranger).exists()
        assert not selectors.groups_for(stranger).exists()


@pytest.mark.parametrize("who", ["principal", "coordinator"])
def test_another_municipalitys_people_cannot_write(city, other_city, levels, meeting, actor_for, who):
    """Another city's coordinator convenes city-level groups by the rule: only the municipality scope of
    the services' lookups keeps them out of this city's."""
    coordinator = actor_for(city.coordinator)
    city_group = structure.group_create(
        actor=coordinator, level=levels[Attachment.MUNICIPALITY], name_fi="Kaupungin ryhmä"
    )
    structure.member_add(actor=coordinator, group=city_group, kind=MemberKind.STAFF, user=city.nurse)
    city_meeting = meetings.meeting_create(
        actor=coordinator, group=city_group, starts_at=in_days(4), ends_at=in_days(4, 15)
    )
    stranger = actor_for(getattr(other_city, who), other_city.municipality)
    for target in (meeting, city_meeting):
        before = state(target)
        for call in (
            lambda t=target: meetings.agenda_item_add(actor=stranger, meeting=t, title="X"),
            lambda t=target: meetings.meeting_cancel(actor=stranger, meeting=t),
            lambda t=target: meetings.meeting_update(actor=stranger, meeting=t, place="X"),
            lambda t=target: meetings.meeting_send_invitations(actor=stranger, meeting=t),
            lambda t=target: minutes.minutes_save(
                actor=stranger, meeting=t, version=t.version, general="", items={}
            ),
        ):
            with pytest.raises((ObjectNotFound, PermissionDenied)):
                call()
        assert state(target) == before


def test_the_principal_of_another_school_cannot_convene(city, meeting, actor_for):
    from tests.factories import assign, member

    other_principal = member(city.municipality)
    assign(other_principal, city.other_school, "principal", city.year)
    actor = actor_for(other_principal)
    assert not policies.groups.can_convene(actor, meeting.group)
    assert not policies.meetings.can_view(actor, meeting)
    refused(
        lambda: meetings.meeting_create(
            actor=actor, group=meeting.group, starts_at=in_days(3), ends_at=in_days(3, 15)
        ),
        PermissionDenied,
    )


def test_a_named_convener_convenes_a_city_group(city, levels, actor_for):
    coordinator = actor_for(city.coordinator)
    group = structure.group_create(
        actor=coordinator,
        level=levels[Attachment.MUNICIPALITY],
        name_fi="Kaupungin ryhmä",
        convener=city.nurse,
    )
    assert policies.groups.can_convene(actor_for(city.nurse), group)
    assert not policies.groups.can_convene(actor_for(city.principal), group)
    before = counts()
    with pytest.raises(PermissionDenied):
        meetings.meeting_create(
            actor=actor_for(city.principal), group=group, starts_at=in_days(3), ends_at=in_days(3, 15)
        )
    assert counts() == before


def test_action_items_owner_updates_status_but_does_not_edit(city, meeting, actor_for):
    principal = actor_for(city.principal)
    task = actions.action_item_create(
        actor=principal, meeting=meeting, what="Kysely", owner=city.teacher, due_on=in_days(20).date()
    )
    teacher = actor_for(city.teacher)
    assert policies.action_items.can_view(teacher, task)
    assert list(selectors.open_action_items_of(teacher)) == [task]
    actions.action_item_set_status(actor=teacher, item=task, status=ActionStatus.IN_PROGRESS)
    refused(
        lambda: actions.action_item_update(
            actor=teacher, item=task, what="Muu", owner=city.teacher, due_on=in_days(30).date()
        ),
        PermissionDenied,
    )
    nurse = actor_for(city.nurse)  # a member: sees the item, cannot mark it
    assert policies.action_items.can_view(nurse, task)
    refused(
        lambda: actions.action_item_set_status(actor=nurse, item=task, status=ActionStatus.DONE),
        PermissionDenied,
    )


def test_adding_a_staff_member_gives_the_meetings(city, meeting, actor_for):
    assert not policies.meetings.can_view(actor_for(city.teacher), meeting)
    structure.member_add(
        actor=actor_for(city.principal), group=meeting.group, kind=MemberKind.STAFF, user=city.teacher
    )
    teacher = actor_for(city.teacher)
    assert policies.meetings.can_view(teacher, meeting)
    assert list(selectors.visible_meetings(teacher)) == [meeting]
