"""The main path of convening, end to end through the services."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from groups import policies
from groups.models import Meeting, MinutesState
from groups.notifications import MEETING_INVITATION, MEETING_REMINDER
from groups.services import actions, meetings, minutes
from notifications.models import Notification

from .conftest import in_days

pytestmark = pytest.mark.django_db


def test_convene_invite_move_minutes_and_action(city, meeting, actor_for):
    principal = actor_for(city.principal)
    reminders = Notification.objects.filter(kind=MEETING_REMINDER, outcome="")
    assert reminders.count() == 4  # 7 and 1 days before, for the nurse and the guardian's address
    meetings.agenda_item_add(actor=principal, meeting=meeting, title="Kiusaamisen ehkäisy")
    assert meetings.meeting_send_invitations(actor=principal, meeting=meeting) == 2
    assert meetings.meeting_send_invitations(actor=principal, meeting=meeting) == 0  # double submit
    meetings.meeting_update(actor=principal, meeting=meeting, starts_at=in_days(11), ends_at=in_days(11, 15))
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    assert set(reminders.values_list("slot", flat=True)) == {"7d:s1", "1d:s1"}
    assert Notification.objects.filter(kind=MEETING_INVITATION, slot="seq:1").count() == 2
    item = meeting.agenda_items.get()
    with pytest.raises(ValidationError):
        minutes.minutes_save(
            actor=principal, meeting=meeting, version=meeting.version, general="010101A123N", items={}
        )
    minutes.minutes_save(
        actor=principal,
        meeting=meeting,
        version=meeting.version,
        general="",
        items={item.pk: ("Käsiteltiin.", "Päätettiin kysely.")},
    )
    task = actions.action_item_create(
        actor=principal, meeting=meeting, what="Kysely", owner=city.teacher, due_on=in_days(20).date()
    )
    assert task.owner == city.teacher
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=in_days(-1), ends_at=in_days(-1, 15))
    meeting.refresh_from_db()
    minutes.minutes_approve(actor=principal, meeting=meeting)
    assert Meeting.objects.get(pk=meeting.pk).minutes_state == MinutesState.APPROVED


def test_a_teacher_who_is_not_a_member_cannot_read_or_convene(city, meeting, actor_for):
    teacher = actor_for(city.teacher)
    assert not policies.meetings.can_view(teacher, meeting)
    with pytest.raises(PermissionDenied):
        meetings.agenda_item_add(actor=teacher, meeting=meeting, title="X")
    nurse = actor_for(city.nurse)
    assert policies.meetings.can_view(nurse, meeting)
    assert not policies.meetings.can_read_minutes(nurse, meeting)  # a draft: the convener's


def test_a_held_meeting_says_so_and_approved_minutes_too(city, meeting, actor_for):
    from django.utils import translation

    with translation.override("fi"):
        assert meeting.status_label == "Suunniteltu"
        Meeting.objects.filter(pk=meeting.pk).update(starts_at=in_days(-1), ends_at=in_days(-1, 15))
        meeting.refresh_from_db()
        assert meeting.status_label == "Pidetty"
        meeting.minutes_state = MinutesState.APPROVED
        assert meeting.status_label == "Pidetty, pöytäkirja hyväksytty"


def test_a_second_group_for_the_same_stage_of_a_school_is_refused(city, levels, actor_for):
    from groups.models import Attachment, WellbeingGroup
    from groups.services import structure

    principal = actor_for(city.principal)
    stage = "primary"
    structure.group_create(
        actor=principal, level=levels[Attachment.STAGE], name_fi="1–6", school=city.school, stage=stage
    )
    with pytest.raises(ValidationError):
        structure.group_create(
            actor=principal, level=levels[Attachment.STAGE], name_fi="Toinen", school=city.school, stage=stage
        )
    assert WellbeingGroup.objects.filter(school=city.school, stage=stage).count() == 1
