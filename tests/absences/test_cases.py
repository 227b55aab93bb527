"""Services of follow-up cases: opening from a tier, school days, the team's grants, steps and their
reminders, notes, the plan's optimistic lock, closing; refusals leave the data as it was."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from absences import selectors
from absences.case_notifications import STEP_OVERDUE, step_overdue
from absences.models import AccessLogEntry, CaseNote, CaseState, FollowUpCase, Signal, SupportPlan
from absences.services import cases as services
from absences.services.cases import add_school_days
from audit.models import AuditEvent
from core.errors import ObjectNotFound
from notifications.models import Notification
from schools.models import Holiday
from tests.factories import member

THURSDAY = datetime.date(2026, 11, 26)
pytestmark = pytest.mark.django_db


def overdue_rows(step):
    return Notification.objects.filter(kind=STEP_OVERDUE, subject_id=step.pk)


def test_school_days_skip_weekends_and_holidays():
    assert add_school_days(THURSDAY, 0, []) == THURSDAY
    assert add_school_days(THURSDAY, 1, []) == datetime.date(2026, 11, 27)
    assert add_school_days(THURSDAY, 2, []) == datetime.date(2026, 11, 30)  # over the weekend
    assert add_school_days(THURSDAY, 5, []) == datetime.date(2026, 12, 3)
    holidays = [(datetime.date(2026, 12, 1), datetime.date(2026, 12, 2))]
    assert add_school_days(THURSDAY, 5, holidays) == datetime.date(2026, 12, 7)


def test_open_copies_the_steps_with_responsible_people_and_school_day_due_dates(
    city, actor_for, pupil, targeted
):
    Holiday.objects.create(
        school_year=city.year,
        kind="other",
        starts_on=datetime.date(2026, 12, 1),
        ends_on=datetime.date(2026, 12, 2),
    )
    case = services.case_open(actor_for(city.teacher), pupil, targeted, today=THURSDAY)
    steps = list(case.steps.all())
    assert [s.title for s in steps] == [s.title for s in targeted.steps.all()]
    assert [s.responsible for s in steps] == [city.teacher, city.nurse, city.principal]
    assert steps[0].due_on == datetime.date(2026, 12, 7)  # 5 school days, the holiday skipped
    assert steps[0].involves_guardian and steps[2].is_expert_group
    assert case.state == CaseState.OPEN and case.school_year == city.year
    # Opener, homeroom teacher and every responsible person on the team.
    assert {u.pk for u in selectors.case_team(case)} == {city.teacher.pk, city.nurse.pk, city.principal.pk}
    assert AccessLogEntry.objects.filter(case=case, action="change").exists()
    assert AuditEvent.objects.filter(object_id=case.pk, action="created").exists()
    # Each step's reminder is scheduled for its responsible person, the morning after its due date.
    for step in steps:
        row = overdue_rows(step).get()
        assert row.recipient == step.responsible and row.due_at.date() == step.due_on + datetime.timedelta(
            days=1
        )


def test_open_marks_the_signal_handled(city, actor_for, pupil, targeted):
    signal = Signal.objects.create(
        municipality=city.municipality, school=city.school, school_year=city.year, pupil=pupil, tier=targeted,
        recipient=city.teacher, value=12,
    )  # fmt: skip
    case = services.case_open(actor_for(city.teacher), pupil, targeted, signal)
    signal.refresh_from_db()
    assert signal.handled_at is not None and case.signal == signal


def test_one_open_case_per_pupil_and_tier(city, actor_for, pupil, targeted, intensive, open_case):
    with pytest.raises(ValidationError):
        services.case_open(actor_for(city.principal), pupil, targeted)
    assert FollowUpCase.objects.count() == 1
    services.case_open(actor_for(city.principal), pupil, intensive)  # another tier is fine
    assert FollowUpCase.objects.count() == 2


def test_only_the_principal_or_homeroom_teacher_opens(city, actor_for, pupil, targeted):
    for user in (city.nurse, city.coordinator):
        with pytest.raises((PermissionDenied, ObjectNotFound)):
            services.case_open(actor_for(user), pupil, targeted)
    assert not FollowUpCase.objects.exists()


def test_team_grants_are_given_and_taken(city, actor_for, open_case):
    nurse = actor_for(city.nurse)
    assert selectors.access_case(nurse, open_case.pk) == open_case
    services.team_remove(actor_for(city.teacher), open_case, city.nurse)
    with pytest.raises(ObjectNotFound):
        selectors.access_case(actor_for(city.nurse), open_case.pk)
    services.team_add(actor_for(city.teacher), open_case, city.nurse)
    assert selectors.access_case(actor_for(city.nurse), open_case.pk) == open_case
    assert (
        AuditEvent.objects.filter(object_id=open_case.pk, action__in=["assigned", "unassigned"]).count() == 2
    )


def test_team_refuses_another_towns_person_and_non_managers(city, other_city, actor_for, open_case):
    before = {u.pk for u in selectors.case_team(open_case)}
    with pytest.raises(ValidationError):
        services.team_add(actor_for(city.teacher), open_case, other_city.nurse)
    with pytest.raises(PermissionDenied):
        services.team_add(actor_for(city.nurse), open_case, city.coordinator)
    assert {u.pk for u in selectors.case_team(open_case)} == before


def test_step_done_cancels_and_reopen_reschedules_the_reminder(city, actor_for, open_case):
    step = open_case.steps.first()
    services.step_done(actor_for(city.teacher), step)
    assert overdue_rows(step).get().outcome == "cancelled"
    services.step_reopen(actor_for(city.teacher), step)
    assert overdue_rows(step).unsent().count() == 1


def test_moving_or_handing_over_a_step_reschedules_its_reminder(city, actor_for, open_case):
    step = open_case.steps.first()
    new_due = datetime.date(2026, 12, 18)
    step = services.step_update(actor_for(city.teacher), step, due_on=new_due, responsible=city.nurse)
    pending = overdue_rows(step).unsent().get()
    assert pending.recipient == city.nurse and pending.due_at.date() == datetime.date(2026, 12, 19)
    assert overdue_rows(step).filter(outcome="cancelled").count() == 1


def test_the_reminder_names_class_and_step_not_the_pupil(city, actor_for, open_case, pupil):
    step = open_case.steps.first()
    message = step_overdue(overdue_rows(step).get())
    assert "7B" in message.subject and step.title in message.text
    for text in (message.subject, message.text, message.html):
        assert pupil.first_name not in text and pupil.last_name not in text
    services.step_done(actor_for(city.teacher), step)
    assert step_overdue(overdue_rows(step).get()) is None


def test_an_expert_group_step_takes_no_note(city, actor_for, open_case):
    step = open_case.steps.get(is_expert_group=True)
    with pytest.raises(ValidationError):
        services.step_update(actor_for(city.teacher), step, note="Lausunto: ...")
    step.refresh_from_db()
    assert step.note == ""


def test_notes_check_length_and_control_characters(city, actor_for, open_case):
    services.note_add(actor_for(city.nurse), open_case, "Aino kertoi vatsakivuista.")
    for bad in ("", "x" * 4001, "piilo\x00merkki"):
        with pytest.raises(ValidationError):
            services.note_add(actor_for(city.teacher), open_case, bad)
    assert CaseNote.objects.count() == 1


def _plan(actor, case, version, goals="Läsnäolo 90 %"):
    return services.plan_save(
        actor, case, version=version, goals=goals, measures="Aamuisin tekstiviesti", responsibilities="",
        review_on=datetime.date(2027, 1, 15), agreed_with_pupil=True, agreed_with_guardian=False,
    )  # fmt: skip


def test_plan_versions_and_a_stale_edit_is_refused(city, actor_for, open_case):
    plan = _plan(actor_for(city.teacher), open_case, 0)
    assert plan.version == 1
    plan = _plan(actor_for(city.nurse), open_case, 1, goals="Läsnäolo 95 %")
    assert plan.version == 2
    with pytest.raises(services.StalePlan):
        _plan(actor_for(city.teacher), open_case, 1, goals="vanha")
    plan = SupportPlan.objects.get()
    assert plan.goals == "Läsnäolo 95 %" and plan.version == 2


def test_closing_needs_a_reason_and_cancels_reminders(city, actor_for, open_case):
    with pytest.raises(ValidationError):
        services.case_close(actor_for(city.teacher), open_case, "   ")
    open_case.refresh_from_db()
    assert open_case.state == CaseState.OPEN
    services.case_close(actor_for(city.teacher), open_case, "Läsnäolo palautunut")
    open_case.refresh_from_db()
    assert open_case.state == CaseState.CLOSED and open_case.closed_at is not None
    assert not Notification.objects.filter(kind=STEP_OVERDUE).unsent().exists()
    with pytest.raises(PermissionDenied):  # a closed case is not worked any more
        services.note_add(actor_for(city.teacher), open_case, "myöhässä")


def test_the_access_log_cannot_be_edited(city, actor_for, open_case):
    entry = AccessLogEntry.objects.first()
    entry.what = "something else"
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()


def test_a_member_without_a_role_sees_no_case(city, actor_for, open_case):
    stranger = member(city.municipality)
    with pytest.raises(ObjectNotFound):
        selectors.access_case(actor_for(stranger), open_case.pk)
