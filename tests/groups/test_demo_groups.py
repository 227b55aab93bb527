"""The demo's wellbeing groups: Esimerkkilä's four levels, members without accounts, history and
upcoming meetings; Toisala sees none of it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from groups import policies, selectors
from groups.models import (
    ActionStatus,
    Attachment,
    GroupMember,
    Meeting,
    MemberKind,
    MinutesState,
    WellbeingGroup,
)
from groups.notifications import MEETING_INVITATION, MEETING_REMINDER, MINUTES_APPROVED
from notifications.models import Notification, Outcome
from schools.models import Municipality, User
from schools.tenancy import resolve_actor


def _actor(email: str, slug: str = "esimerkkila"):
    municipality = Municipality.objects.get(slug=slug)
    return resolve_actor(User.objects.get(email=email), municipality.pk)


@pytest.mark.django_db
class TestDemoGroups:
    def test_four_levels_each_with_groups(self, seeded):
        groups = WellbeingGroup.objects.filter(municipality__slug="esimerkkila")
        for attachment in Attachment.values:
            assert groups.filter(level__attaches_to=attachment).exists(), attachment
        city = groups.get(level__attaches_to=Attachment.MUNICIPALITY)
        assert city.convener.email == "koordinaattori@esimerkkila.fi"
        assert groups.filter(level__attaches_to=Attachment.SCHOOL).count() == 3

    def test_the_principals_school_has_school_stage_and_working_groups(self, seeded):
        principal = _actor("rehtori@esimerkkila.fi")
        school_groups = [
            g for g in selectors.groups_for(principal) if policies.groups.can_convene(principal, g)
        ]
        by_kind = {g.level.attaches_to for g in school_groups}
        assert {Attachment.SCHOOL, Attachment.STAGE, Attachment.PARENT} <= by_kind
        working = next(g for g in school_groups if g.level.attaches_to == Attachment.PARENT)
        assert working.purpose and working.ends_on
        assert working.members.exclude(theme="").filter(kind=MemberKind.PUPIL).exists()
        tree = selectors.group_tree(principal, school=working.school)
        assert tree and tree[0].group.school_id is None  # the city group on top

    def test_pupil_and_guardian_representatives_have_no_accounts(self, seeded):
        school_group = WellbeingGroup.objects.get(
            municipality__slug="esimerkkila", name_fi="Keskustan koulukeskuksen opiskeluhuoltoryhmä"
        )
        pupils = school_group.members.filter(kind=MemberKind.PUPIL)
        guardians = school_group.members.filter(kind=MemberKind.GUARDIAN)
        assert pupils.count() == 2 and guardians.count() == 1
        assert not pupils.filter(user__isnull=False).exists()
        assert guardians.get().user is None and guardians.get().email
        hidden = pupils.get(name_in_documents=False)
        assert hidden.email == ""
        assert GroupMember.objects.filter(group=school_group, kind=MemberKind.STAFF).count() >= 7

    def test_past_meetings_have_approved_minutes_decisions_and_attendance(self, seeded):
        held = Meeting.objects.filter(group__municipality__slug="esimerkkila", starts_at__lt=timezone.now())
        assert held.count() >= 4
        for meeting in held:
            assert meeting.minutes_state == MinutesState.APPROVED
            assert meeting.attendance.exists()
            assert meeting.agenda_items.exclude(decision="").exists()

    def test_opettaja_has_an_open_action_item_due_soon_and_items_are_overdue_and_done(self, seeded):
        teacher = _actor("opettaja@esimerkkila.fi")
        mine = list(selectors.open_action_items_of(teacher))
        today = timezone.localdate()
        assert any(0 <= (i.due_on - today).days <= 14 for i in mine)
        coordinator = _actor("koordinaattori@esimerkkila.fi")
        assert selectors.action_items_filtered(coordinator, show="overdue").exists()
        assert (
            selectors.action_items_filtered(coordinator, show="all").filter(status=ActionStatus.DONE).exists()
        )
        # The owner is no member of the school's group: they see their item, not the minutes.
        meeting = mine[0].meeting
        assert not policies.meetings.can_read_minutes(teacher, meeting)

    def test_upcoming_meetings_have_agendas_invitations_and_reminders(self, seeded):
        now = timezone.now()
        upcoming = Meeting.objects.filter(group__municipality__slug="esimerkkila", starts_at__gt=now)
        assert upcoming.count() >= 4
        for meeting in upcoming:
            assert 7 <= (meeting.starts_at - now).days <= 28
            assert meeting.agenda_items.exists()
            assert meeting.invited_sequence == meeting.sequence
            reminders = Notification.objects.filter(
                kind=MEETING_REMINDER, subject_id=meeting.pk, outcome="", due_at__gt=now
            )
            assert reminders.exists(), meeting

    def test_no_notice_of_the_demo_history_is_left_to_send(self, seeded):
        due = Notification.objects.filter(
            kind__in=[MEETING_INVITATION, MINUTES_APPROVED, MEETING_REMINDER], due_at__lte=timezone.now()
        )
        assert due.exists() and not due.unsent().exists()
        assert due.filter(outcome=Outcome.CANCELLED).count() == due.count()

    def test_toisala_sees_none_of_esimerkkilas_groups(self, seeded):
        esimerkkila = set(
            WellbeingGroup.objects.filter(municipality__slug="esimerkkila").values_list("pk", flat=True)
        )
        for email in ("koordinaattori@toisala.fi", "rehtori@toisala.fi", "psykologi@hyvinvointialue.fi"):
            actor = _actor(email, "toisala")
            seen = set(selectors.groups_for(actor, include_inactive=True).values_list("pk", flat=True))
            assert not seen & esimerkkila
            assert not selectors.visible_meetings(actor).filter(group_id__in=esimerkkila).exists()
            assert not selectors.visible_action_items(actor).exists()
        toisala = _actor("rehtori@toisala.fi", "toisala")
        assert selectors.groups_for(toisala).count() == 1
