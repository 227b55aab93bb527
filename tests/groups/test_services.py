"""The groups services' refusals (issue 9, "Bad input"): a clear message, nothing written; and the
calendar rules of invitations, moves and cancellations."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from core.errors import ObjectNotFound
from groups import policies, selectors
from groups.models import (
    ActionItem,
    AgendaItem,
    Attachment,
    Attendance,
    CalendarFeed,
    GroupMember,
    Meeting,
    MeetingState,
    MemberKind,
    MinutesState,
    WellbeingGroup,
    WellbeingGroupUserObjectPermission,
)
from groups.notifications import MEETING_CANCELLED, MEETING_INVITATION, MEETING_REMINDER
from groups.services import feeds, meetings, minutes, structure
from notifications.models import Notification, Outcome
from schools.models import Stage

from .conftest import in_days

pytestmark = pytest.mark.django_db

IDENTITY_CODE = "131052-308T"  # a valid Finnish personal identity code (checksum T)

MODELS = (
    WellbeingGroup,
    GroupMember,
    Meeting,
    AgendaItem,
    Attendance,
    ActionItem,
    Notification,
    AuditEvent,
    CalendarFeed,
    WellbeingGroupUserObjectPermission,
)


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


def state(meeting: Meeting) -> dict:
    """The meeting's stored fields, its agenda and its notifications: a refused write changes none."""
    row = Meeting.objects.values().get(pk=meeting.pk)
    items = list(AgendaItem.objects.filter(meeting=meeting).values().order_by("pk"))
    notes = list(Notification.objects.values_list("pk", "kind", "slot", "outcome").order_by("pk"))
    return {"meeting": row, "items": items, "notifications": notes, "counts": counts()}


def refused(call, exception=ValidationError, meeting: Meeting | None = None) -> Exception:
    """Run a write that must be refused; assert nothing changed; return the error for its message."""
    before = state(meeting) if meeting else counts()
    with pytest.raises(exception) as caught:
        call()
    assert (state(meeting) if meeting else counts()) == before
    return caught.value


def messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def reminders(meeting: Meeting):
    return Notification.objects.filter(kind=MEETING_REMINDER, subject_id=meeting.pk)


# --- Meetings -------------------------------------------------------------------------------------


def test_a_meeting_in_the_past_is_refused(city, school_group, actor_for):
    principal = actor_for(city.principal)
    error = refused(
        lambda: meetings.meeting_create(
            actor=principal, group=school_group, starts_at=in_days(-1), ends_at=in_days(-1, 15)
        )
    )
    assert "tulevaisuudessa" in messages(error)


def test_a_meeting_ending_before_it_starts_is_refused(city, school_group, actor_for):
    principal = actor_for(city.principal)
    error = refused(
        lambda: meetings.meeting_create(
            actor=principal, group=school_group, starts_at=in_days(5, 15), ends_at=in_days(5, 14)
        )
    )
    assert error.message_dict["ends_at"]


def test_moving_a_meeting_into_the_past_is_refused(city, meeting, actor_for):
    principal = actor_for(city.principal)
    refused(
        lambda: meetings.meeting_update(
            actor=principal, meeting=meeting, starts_at=in_days(-2), ends_at=in_days(-2, 15)
        ),
        meeting=meeting,
    )


def test_inviting_to_a_cancelled_meeting_is_refused(city, meeting, actor_for):
    principal = actor_for(city.principal)
    meetings.meeting_cancel(actor=principal, meeting=meeting)
    error = refused(
        lambda: meetings.meeting_send_invitations(actor=principal, meeting=meeting), meeting=meeting
    )
    assert "peruttu" in messages(error)


def test_a_double_submit_of_the_invitations_queues_once(city, meeting, actor_for):
    principal = actor_for(city.principal)
    assert meetings.meeting_send_invitations(actor=principal, meeting=meeting) == 2
    invitations = Notification.objects.filter(kind=MEETING_INVITATION, subject_id=meeting.pk)
    assert invitations.count() == 2
    assert meetings.meeting_send_invitations(actor=principal, meeting=meeting) == 0
    assert invitations.count() == 2
    meeting.refresh_from_db()
    assert (meeting.state, meeting.invited_sequence) == (MeetingState.INVITED, 0)


def test_moving_cancels_the_old_reminders_and_schedules_new_ones_and_sends_updates(city, meeting, actor_for):
    principal = actor_for(city.principal)
    meetings.meeting_send_invitations(actor=principal, meeting=meeting)
    old = set(reminders(meeting).values_list("pk", flat=True))
    assert len(old) == 4
    meetings.meeting_update(actor=principal, meeting=meeting, starts_at=in_days(12), ends_at=in_days(12, 15))
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    # The old ones never go; the new ones carry the new sequence and the new moment.
    assert set(reminders(meeting).filter(outcome=Outcome.CANCELLED).values_list("pk", flat=True)) == old
    new = reminders(meeting).filter(outcome="")
    assert set(new.values_list("slot", flat=True)) == {"7d:s1", "1d:s1"}
    assert {n.due_at for n in new} == {in_days(5), in_days(11)}
    updates = Notification.objects.filter(kind=MEETING_INVITATION, subject_id=meeting.pk, slot="seq:1")
    assert updates.count() == 2
    assert meeting.invited_sequence == 1


def test_moving_a_meeting_not_yet_invited_sends_no_update(city, meeting, actor_for):
    principal = actor_for(city.principal)
    meetings.meeting_update(actor=principal, meeting=meeting, place="Kirjasto")
    assert not Notification.objects.filter(kind=MEETING_INVITATION).exists()
    assert Meeting.objects.get(pk=meeting.pk).sequence == 1


def test_cancelling_sends_cancel_rows_and_cancels_reminders(city, meeting, actor_for):
    principal = actor_for(city.principal)
    meetings.meeting_send_invitations(actor=principal, meeting=meeting)
    meetings.meeting_cancel(actor=principal, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.CANCELLED and meeting.sequence == 1
    assert not reminders(meeting).filter(outcome="").exists()
    cancels = Notification.objects.filter(kind=MEETING_CANCELLED, subject_id=meeting.pk)
    # One METHOD:CANCEL per recipient (the nurse and the guardian's address), at the new sequence.
    assert cancels.count() == 2 and set(cancels.values_list("slot", flat=True)) == {"seq:1"}
    assert {n.email for n in cancels} == {"", "hanna@example.com"}
    # Cancelling again sends nothing more.
    meetings.meeting_cancel(actor=principal, meeting=meeting)
    assert cancels.count() == 2


def test_a_cancelled_meeting_cannot_be_moved_or_given_an_agenda(city, meeting, actor_for):
    principal = actor_for(city.principal)
    meetings.meeting_cancel(actor=principal, meeting=meeting)
    refused(lambda: meetings.meeting_update(actor=principal, meeting=meeting, place="X"), meeting=meeting)
    refused(lambda: meetings.agenda_item_add(actor=principal, meeting=meeting, title="X"), meeting=meeting)


# --- Texts ----------------------------------------------------------------------------------------


def test_an_identity_code_in_the_agenda_is_refused(city, meeting, actor_for):
    principal = actor_for(city.principal)
    refused(
        lambda: meetings.agenda_item_add(actor=principal, meeting=meeting, title=f"Oppilas {IDENTITY_CODE}"),
        meeting=meeting,
    )
    refused(
        lambda: meetings.agenda_item_add(
            actor=principal, meeting=meeting, title="Poissaolot", description=f"Koskee {IDENTITY_CODE}."
        ),
        meeting=meeting,
    )
    item = meetings.agenda_item_add(actor=principal, meeting=meeting, title="Poissaolot")
    refused(
        lambda: meetings.agenda_item_update(actor=principal, item=item, description=IDENTITY_CODE),
        meeting=meeting,
    )
    # A number that only looks like one (a wrong checksum) passes.
    meetings.agenda_item_update(actor=principal, item=item, description="Viite 131052-308U")


def test_an_identity_code_in_the_minutes_is_refused(city, meeting, actor_for):
    principal = actor_for(city.principal)
    item = meetings.agenda_item_add(actor=principal, meeting=meeting, title="Kouluterveyskyselyn tulokset")
    for general, items in (
        (f"Läsnä {IDENTITY_CODE}", {}),
        ("", {item.pk: (f"Käsiteltiin {IDENTITY_CODE}", "")}),
        ("", {item.pk: ("", f"Päätös {IDENTITY_CODE}")}),
    ):
        refused(
            lambda general=general, items=items: minutes.minutes_save(
                actor=principal, meeting=meeting, version=meeting.version, general=general, items=items
            ),
            meeting=meeting,
        )


def _held_and_approved(city, meeting, actor_for) -> Meeting:
    principal = actor_for(city.principal)
    item = meetings.agenda_item_add(actor=principal, meeting=meeting, title="Välituntitoiminta")
    minutes.minutes_save(
        actor=principal, meeting=meeting, version=meeting.version, general="", items={item.pk: ("K", "P")}
    )
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=in_days(-1), ends_at=in_days(-1, 15))
    return minutes.minutes_approve(actor=principal, meeting=Meeting.objects.get(pk=meeting.pk))


def test_approved_minutes_cannot_be_edited(city, meeting, actor_for):
    principal = actor_for(city.principal)
    meeting = _held_and_approved(city, meeting, actor_for)
    item = meeting.agenda_items.get()
    error = refused(
        lambda: minutes.minutes_save(
            actor=principal, meeting=meeting, version=meeting.version, general="Muutos", items={}
        ),
        meeting=meeting,
    )
    assert "hyväksytty" in messages(error)
    refused(lambda: meetings.agenda_item_update(actor=principal, item=item, title="Muutos"), meeting=meeting)
    refused(lambda: minutes.minutes_approve(actor=principal, meeting=meeting), meeting=meeting)
    nurse = city.nurse
    member = GroupMember.objects.get(group=meeting.group, user=nurse)
    refused(
        lambda: minutes.attendance_record(actor=principal, meeting=meeting, statuses={member.pk: "present"}),
        meeting=meeting,
    )


def test_a_stale_minutes_save_is_refused(city, meeting, actor_for):
    principal = actor_for(city.principal)
    stale = meeting.version
    minutes.minutes_save(actor=principal, meeting=meeting, version=stale, general="Eka", items={})
    refused(
        lambda: minutes.minutes_save(
            actor=principal, meeting=meeting, version=stale, general="Toka", items={}
        ),
        meeting=meeting,
    )


# --- Structure and members ------------------------------------------------------------------------


def test_a_member_from_another_municipality_is_refused(city, other_city, school_group, actor_for):
    principal = actor_for(city.principal)
    error = refused(
        lambda: structure.member_add(
            actor=principal, group=school_group, kind=MemberKind.STAFF, user=other_city.teacher
        )
    )
    assert error.message_dict["user"]
    from tests.factories import role

    refused(
        lambda: structure.member_add(
            actor=principal,
            group=school_group,
            kind=MemberKind.STAFF,
            user=city.teacher,
            role=role(other_city.municipality, "teacher"),
        )
    )


def test_an_external_member_without_a_name_is_refused(city, school_group, actor_for):
    principal = actor_for(city.principal)
    for name in ("", "   "):
        error = refused(
            lambda name=name: structure.member_add(
                actor=principal, group=school_group, kind=MemberKind.EXTERNAL, name=name, email="a@b.fi"
            )
        )
        assert error.message_dict["name"]
    # A guardian representative needs an address; a pupil representative does not.
    refused(
        lambda: structure.member_add(actor=principal, group=school_group, kind=MemberKind.GUARDIAN, name="X")
    )
    structure.member_add(actor=principal, group=school_group, kind=MemberKind.PUPIL, name="Ilona")


def test_a_staff_member_twice_is_refused(city, school_group, actor_for):
    principal = actor_for(city.principal)
    refused(
        lambda: structure.member_add(
            actor=principal, group=school_group, kind=MemberKind.STAFF, user=city.nurse
        )
    )


def test_removing_a_member_revokes_their_grant(city, meeting, actor_for):
    principal = actor_for(city.principal)
    assert policies.meetings.can_view(actor_for(city.nurse), meeting)
    assert selectors.access_meeting(actor_for(city.nurse), meeting.pk) == meeting
    member = GroupMember.objects.get(group=meeting.group, user=city.nurse)
    structure.member_remove(actor=principal, member=member)
    nurse = actor_for(city.nurse)
    assert not policies.meetings.can_view(nurse, meeting)
    assert not selectors.visible_meetings(nurse).exists()
    with pytest.raises(PermissionDenied):
        selectors.access_meeting(nurse, meeting.pk)


def test_a_teacher_cannot_add_members_and_nothing_is_written(city, school_group, actor_for):
    teacher = actor_for(city.teacher)
    refused(
        lambda: structure.member_add(actor=teacher, group=school_group, kind=MemberKind.PUPIL, name="X"),
        PermissionDenied,
    )


def test_a_working_group_needs_a_purpose(city, school_group, levels, actor_for):
    principal = actor_for(city.principal)
    error = refused(
        lambda: structure.group_create(
            actor=principal,
            level=levels[Attachment.PARENT],
            name_fi="Kiusaamisen ehkäisyn työryhmä",
            parent=school_group,
            purpose="  ",
        )
    )
    assert error.message_dict["purpose"]
    refused(
        lambda: structure.group_create(
            actor=principal, level=levels[Attachment.PARENT], name_fi="Työryhmä", purpose="Suunnitella."
        )
    )
    working = structure.group_create(
        actor=principal,
        level=levels[Attachment.PARENT],
        name_fi="Kiusaamisen ehkäisyn työryhmä",
        parent=school_group,
        purpose="Päivittää kiusaamisen vastainen suunnitelma.",
        ends_on=timezone.localdate() + datetime.timedelta(days=90),
    )
    assert working.school == city.school
    refused(lambda: structure.group_update(actor=principal, group=working, purpose=""))


def test_a_stage_group_needs_a_stage_of_the_school(city, levels, actor_for):
    principal = actor_for(city.principal)
    stage_level = levels[Attachment.STAGE]
    for stage in ("", "grade_13", Stage.UPPER_SECONDARY):  # the school has grades 1–6 and 7–9 only
        error = refused(
            lambda stage=stage: structure.group_create(
                actor=principal, level=stage_level, name_fi="Vaiheryhmä", school=city.school, stage=stage
            )
        )
        assert error.message_dict["stage"]
    refused(
        lambda: structure.group_create(actor=principal, level=stage_level, name_fi="V", stage=Stage.PRIMARY)
    )
    group = structure.group_create(
        actor=principal,
        level=stage_level,
        name_fi="7.–9. luokat",
        school=city.school,
        stage=Stage.LOWER_SECONDARY,
    )
    assert group.stage == Stage.LOWER_SECONDARY


def test_a_group_on_another_municipalitys_level_or_school_is_refused(city, other_city, levels, actor_for):
    other_levels = structure.levels_install_default(municipality=other_city.municipality)
    coordinator = actor_for(city.coordinator)
    refused(lambda: structure.group_create(actor=coordinator, level=other_levels[0], name_fi="X"))
    refused(
        lambda: structure.group_create(
            actor=coordinator, level=levels[Attachment.SCHOOL], name_fi="X", school=other_city.school
        )
    )
    other_group = structure.group_create(
        actor=actor_for(other_city.coordinator),
        level=other_levels[1],
        name_fi="B:n ryhmä",
        school=other_city.school,
    )
    refused(
        lambda: structure.group_create(
            actor=coordinator,
            level=levels[Attachment.PARENT],
            name_fi="X",
            parent=other_group,
            purpose="Tarkoitus.",
        )
    )


# --- Calendar feeds -------------------------------------------------------------------------------


def test_feed_tokens_work_until_revoked_then_404(city, meeting, actor_for):
    nurse = actor_for(city.nurse)
    token = feeds.feed_create(actor=nurse)
    assert feeds.feed_actor(token).user == city.nurse
    assert list(selectors.visible_meetings(feeds.feed_actor(token))) == [meeting]
    feeds.feed_revoke(actor=nurse)
    for bad in (token, "", "x" * 200, "ääkkönen", token[:-1]):
        with pytest.raises(ObjectNotFound):
            feeds.feed_actor(bad)


def test_a_new_feed_token_revokes_the_old(city, actor_for):
    nurse = actor_for(city.nurse)
    old = feeds.feed_create(actor=nurse)
    new = feeds.feed_create(actor=nurse)
    with pytest.raises(ObjectNotFound):
        feeds.feed_actor(old)
    assert feeds.feed_actor(new).user == city.nurse
    assert CalendarFeed.objects.filter(user=city.nurse, revoked_at__isnull=True).count() == 1


def test_a_feed_of_a_deactivated_person_is_404(city, actor_for):
    token = feeds.feed_create(actor=actor_for(city.nurse))
    city.nurse.is_active = False
    city.nurse.save()
    with pytest.raises(ObjectNotFound):
        feeds.feed_actor(token)


def test_minutes_state_is_draft_after_a_save(city, meeting, actor_for):
    principal = actor_for(city.principal)
    minutes.minutes_save(
        actor=principal, meeting=meeting, version=meeting.version, general="Luonnos", items={}
    )
    assert Meeting.objects.get(pk=meeting.pk).minutes_state == MinutesState.DRAFT
