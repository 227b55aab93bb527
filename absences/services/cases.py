"""Writes of follow-up cases (tukiasia): opening from a tier, the steps, notes, the attendance-support
plan, the team and closing. One function per use case, atomic; each checks `policies.cases`, writes an
access-log row ("change") and an audit event, and gives or takes the team's guardian grants itself.

This is the school's attendance-support record (Basic Education Act §26), not the student welfare
register: an expert-group step records only that the group was convened and who is responsible.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from audit.models import AuditAction
from audit.services import record as audit_record
from core.access import lock_in
from core.text import normalize_newlines, validate_multiline, validate_one_line
from notifications import services as notification_services
from notifications.models import Notification, Outcome
from roles.models import RoleKey, StaffAssignment
from schools.models import Holiday, Membership, User
from schools.tenancy import Actor

from .. import access_log, policies
from ..case_notifications import STEP_OVERDUE, overdue_moment, overdue_slot
from ..models import (
    TEXT_MAX_LENGTH,
    AccessAction,
    CaseNote,
    CaseState,
    CaseStep,
    FollowUpCase,
    Pupil,
    Signal,
    SupportPlan,
    Tier,
)

CLOSING_REASON_MAX_LENGTH = 300
STEP_NOTE_MAX_LENGTH = 500


# --- School days -------------------------------------------------------------------------------


def add_school_days(
    start: datetime.date, n: int, holidays: Iterable[tuple[datetime.date, datetime.date]]
) -> datetime.date:
    """The `n`th school day after `start`: weekends and the holidays (inclusive date ranges) are not
    counted. `n` = 0 is `start` itself."""
    ranges = list(holidays)
    day = start
    counted = 0
    while counted < n:
        day += datetime.timedelta(days=1)
        if day.weekday() >= 5 or any(first <= day <= last for first, last in ranges):
            continue
        counted += 1
    return day


def holidays_of(school_year_id: int) -> list[tuple[datetime.date, datetime.date]]:
    return list(Holiday.objects.filter(school_year_id=school_year_id).values_list("starts_on", "ends_on"))


# --- Shared helpers ----------------------------------------------------------------------------


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You do not have permission to do this."))


def case_as_dict(case: FollowUpCase) -> dict:
    return {
        "pupil": case.pupil_id,
        "tier": case.tier_id,
        "state": case.state,
        "closing_reason": case.closing_reason,
    }


def step_as_dict(step: CaseStep) -> dict:
    return {
        "title": step.title,
        "responsible": step.responsible_id,
        "due_on": step.due_on.isoformat() if step.due_on else None,
        "done": step.done_at is not None,
        "note": step.note,
    }


def plan_as_dict(plan: SupportPlan) -> dict:
    return {
        "goals": plan.goals,
        "measures": plan.measures,
        "responsibilities": plan.responsibilities,
        "review_on": plan.review_on.isoformat() if plan.review_on else None,
        "agreed_with_pupil": plan.agreed_with_pupil,
        "agreed_with_guardian": plan.agreed_with_guardian,
        "version": plan.version,
    }


def _changed(actor: Actor, case: FollowUpCase, what: str, obj: object, action: str, before, after) -> None:
    """The two trails of every change: the access log (who touched which pupil's data) and the audit
    history (what changed); the audit event names the case so the case's history finds it."""
    access_log.record(actor, what, action=AccessAction.CHANGE, case=case)
    audit_record(
        actor_user=actor.user,
        municipality=actor.municipality,
        obj=obj,
        action=action,
        before=before,
        after=after,
        context={"case": case.pk},
    )


def _lock_case(actor: Actor, case: FollowUpCase) -> FollowUpCase:
    return lock_in(
        FollowUpCase.objects.filter(municipality=actor.municipality).select_related(
            "pupil", "school", "school_year", "tier"
        ),
        case.pk,
    )


def _is_member(actor: Actor, user: User) -> bool:
    return Membership.objects.filter(
        user=user, municipality=actor.municipality, is_active=True, user__is_active=True
    ).exists()


def _grant(case: FollowUpCase, user: User | None) -> None:
    if user is not None:
        assign_perm(policies.VIEW_CASE, user, case)


def _forget_grants(actor: Actor) -> None:
    # The policy memoises the actor's grants for the request: a change must be seen by the next question.
    actor.memo.pop("case_grants", None)


def _schedule_overdue(step: CaseStep, municipality_id: int) -> None:
    """Keep exactly one pending reminder: for the current responsible person and due date."""
    if step.done_at is not None or step.responsible_id is None:
        notification_services.cancel(subject=step, kind=STEP_OVERDUE)
        return
    # A row cancelled when the step was done keeps its (kind, subject, recipient, slot) unique: a
    # reopened step with the same due date and person takes that row back into the queue.
    Notification.objects.filter(
        kind=STEP_OVERDUE,
        subject_type=ContentType.objects.get_for_model(CaseStep),
        subject_id=step.pk,
        slot=overdue_slot(step),
        outcome=Outcome.CANCELLED,
    ).update(outcome="", sent_at=None)
    notification_services.reschedule(
        kind=STEP_OVERDUE,
        subject=step,
        due_at=overdue_moment(step.due_on),
        slot=overdue_slot(step),
        municipality=municipality_id,
        recipients=[step.responsible],
    )


def _responsible_for(tier_step, pupil: Pupil, school_year_id: int) -> User | None:
    """A teacher's step is the pupil's homeroom teacher's; any other, the school's holder of the step's
    first role in the school year (the first assigned, for a stable answer)."""
    roles = sorted(tier_step.roles.all(), key=lambda r: (r.order, r.pk))
    if not roles:
        return pupil.homeroom_teacher
    if roles[0].key == RoleKey.TEACHER:
        return pupil.homeroom_teacher
    assignment = (
        StaffAssignment.objects.filter(
            school_id=pupil.school_id,
            school_year_id=school_year_id,
            role=roles[0],
            user__is_active=True,
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return assignment.user if assignment else None


# --- Opening and closing -----------------------------------------------------------------------


@transaction.atomic
def case_open(
    actor: Actor,
    pupil: Pupil,
    tier: Tier,
    signal: Signal | None = None,
    *,
    today: datetime.date | None = None,
) -> FollowUpCase:
    """Open a case for `pupil` at `tier`: the tier's steps become the case's checklist, with their
    responsible people and due dates in school days from today; the opener, the homeroom teacher and
    every responsible person join the team; the signal it came from is handled."""
    pupil = lock_in(Pupil.objects.filter(municipality=actor.municipality), pupil.pk)
    _require(policies.cases.can_open(actor, pupil))
    tier = Tier.objects.select_related("model").get(pk=tier.pk)
    if tier.model.municipality_id != actor.municipality.pk:
        raise ValidationError({"tier": _("Choose a tier of your municipality's model.")})
    if signal is not None:
        if signal.pupil_id != pupil.pk or signal.municipality_id != actor.municipality.pk:
            raise ValidationError(_("The signal is about another pupil."))
        if FollowUpCase.objects.filter(signal=signal).exists():
            raise ValidationError(_("A case has already been opened from this signal."))
    if FollowUpCase.objects.filter(pupil=pupil, tier=tier, state=CaseState.OPEN).exists():
        raise ValidationError(_("This pupil already has an open case at this tier."))

    school_year_id = tier.model.school_year_id
    case = FollowUpCase.objects.create(
        municipality=actor.municipality,
        school=pupil.school,
        school_year_id=school_year_id,
        pupil=pupil,
        tier=tier,
        signal=signal,
        opened_by=actor.user,
    )
    today = today or timezone.localdate()
    holidays = holidays_of(school_year_id)
    team: dict[int, User] = {actor.user.pk: actor.user}
    if pupil.homeroom_teacher is not None:
        team[pupil.homeroom_teacher.pk] = pupil.homeroom_teacher
    steps = []
    for tier_step in tier.steps.prefetch_related("roles"):
        responsible = _responsible_for(tier_step, pupil, school_year_id)
        step = CaseStep.objects.create(
            case=case,
            tier_step=tier_step,
            order=tier_step.order,
            title=tier_step.title,
            responsible=responsible,
            due_on=add_school_days(today, tier_step.deadline_school_days, holidays),
            involves_guardian=tier_step.involves_guardian,
            is_expert_group=tier_step.is_expert_group,
        )
        _schedule_overdue(step, actor.municipality.pk)
        steps.append(step)
        if responsible is not None:
            team[responsible.pk] = responsible
    for user in team.values():
        _grant(case, user)
    _forget_grants(actor)
    if signal is not None and signal.handled_at is None:
        signal.handled_at = timezone.now()
        signal.save(update_fields=["handled_at"])
    after = {**case_as_dict(case), "steps": [step_as_dict(s) for s in steps], "team": sorted(team)}
    _changed(actor, case, "case opened", case, AuditAction.CREATED, None, after)
    return case


@transaction.atomic
def case_close(actor: Actor, case: FollowUpCase, reason: str) -> FollowUpCase:
    """Close the case with a reason (required); pending reminders of its steps are cancelled."""
    case = _lock_case(actor, case)
    _require(policies.cases.can_close(actor, case))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the case is closed.")})
    if len(reason) > CLOSING_REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("Write at most %(n)s characters.") % {"n": CLOSING_REASON_MAX_LENGTH}}
        )
    validate_one_line(reason)
    before = case_as_dict(case)
    case.state = CaseState.CLOSED
    case.closing_reason = reason
    case.closed_at = timezone.now()
    case.save(update_fields=["state", "closing_reason", "closed_at", "updated_at"])
    for step in case.steps.filter(done_at__isnull=True):
        notification_services.cancel(subject=step, kind=STEP_OVERDUE)
    _changed(actor, case, "case closed", case, AuditAction.UPDATED, before, case_as_dict(case))
    return case


# --- The team ----------------------------------------------------------------------------------


@transaction.atomic
def team_add(actor: Actor, case: FollowUpCase, user: User) -> None:
    """Let a person of the municipality see and work the case (e.g. the school nurse)."""
    case = _lock_case(actor, case)
    _require(policies.cases.can_manage_team(actor, case))
    if not _is_member(actor, user):
        raise ValidationError({"user": _("Choose an active person of your municipality.")})
    _grant(case, user)
    _forget_grants(actor)
    _changed(actor, case, "case team", case, AuditAction.ASSIGNED, None, {"team_member": user.pk})


@transaction.atomic
def team_remove(actor: Actor, case: FollowUpCase, user: User) -> None:
    """Take the person off the team: from then on the case is a 404 to them, as to a stranger (unless
    they are the pupil's homeroom teacher or the principal, who see it by their position)."""
    case = _lock_case(actor, case)
    _require(policies.cases.can_manage_team(actor, case))
    remove_perm(policies.VIEW_CASE, user, case)
    _forget_grants(actor)
    _changed(actor, case, "case team", case, AuditAction.UNASSIGNED, {"team_member": user.pk}, None)


# --- Steps -------------------------------------------------------------------------------------


def _lock_step(actor: Actor, step: CaseStep) -> CaseStep:
    step = lock_in(
        CaseStep.objects.filter(case__municipality=actor.municipality).select_related(
            "case__pupil", "responsible"
        ),
        step.pk,
    )
    _require(policies.cases.can_work(actor, step.case))
    return step


_UNCHANGED = object()


@transaction.atomic
def step_update(
    actor: Actor,
    step: CaseStep,
    *,
    responsible: User | None | object = _UNCHANGED,
    due_on: datetime.date | object = _UNCHANGED,
    note: str | object = _UNCHANGED,
) -> CaseStep:
    """Hand the step to someone (who joins the team), move its due date or write its short note. An
    expert-group step takes no note: only that it was convened and who is responsible is kept here."""
    step = _lock_step(actor, step)
    case = step.case
    before = step_as_dict(step)
    if responsible is not _UNCHANGED:
        if responsible is not None and not _is_member(actor, responsible):  # type: ignore[arg-type]
            raise ValidationError({"responsible": _("Choose an active person of your municipality.")})
        step.responsible = responsible  # type: ignore[assignment]
    if due_on is not _UNCHANGED:
        if not isinstance(due_on, datetime.date):
            raise ValidationError({"due_on": _("Enter a date.")})
        step.due_on = due_on
    if note is not _UNCHANGED:
        text = str(note or "").strip()
        if text and step.is_expert_group:
            raise ValidationError(
                {
                    "note": _(
                        "An expert-group step records only that the group was convened and who is "
                        "responsible. Its welfare report belongs in the student welfare register."
                    )
                }
            )
        if len(text) > STEP_NOTE_MAX_LENGTH:
            raise ValidationError(
                {"note": _("Write at most %(n)s characters.") % {"n": STEP_NOTE_MAX_LENGTH}}
            )
        step.note = text
    step.full_clean(exclude=["case", "tier_step", "responsible"])
    step.save()
    if step.responsible is not None:
        _grant(case, step.responsible)
        _forget_grants(actor)
    if before["due_on"] != step.due_on.isoformat() or before["responsible"] != step.responsible_id:
        _schedule_overdue(step, actor.municipality.pk)
    _changed(actor, case, "case step", step, AuditAction.UPDATED, before, step_as_dict(step))
    return step


@transaction.atomic
def step_done(actor: Actor, step: CaseStep) -> CaseStep:
    step = _lock_step(actor, step)
    if step.done_at is None:
        before = step_as_dict(step)
        step.done_at = timezone.now()
        step.save(update_fields=["done_at"])
        notification_services.cancel(subject=step, kind=STEP_OVERDUE)
        _changed(actor, step.case, "case step", step, AuditAction.CONFIRMED, before, step_as_dict(step))
    return step


@transaction.atomic
def step_reopen(actor: Actor, step: CaseStep) -> CaseStep:
    step = _lock_step(actor, step)
    if step.done_at is not None:
        before = step_as_dict(step)
        step.done_at = None
        step.save(update_fields=["done_at"])
        _schedule_overdue(step, actor.municipality.pk)
        _changed(actor, step.case, "case step", step, AuditAction.REOPENED, before, step_as_dict(step))
    return step


# --- Notes and the plan --------------------------------------------------------------------------


def _clean_text(text: str, field: str, *, required: bool = True) -> str:
    text = normalize_newlines(text or "").strip()
    if required and not text:
        raise ValidationError({field: _("This field is required.")})
    if len(text) > TEXT_MAX_LENGTH:
        raise ValidationError({field: _("Write at most %(n)s characters.") % {"n": TEXT_MAX_LENGTH}})
    try:
        validate_multiline(text)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None
    return text


@transaction.atomic
def note_add(actor: Actor, case: FollowUpCase, text: str) -> CaseNote:
    """A confidential note of the team. It may name the pupil (the case is theirs); length and
    invisible characters are checked."""
    case = _lock_case(actor, case)
    _require(policies.cases.can_work(actor, case))
    note = CaseNote.objects.create(case=case, author=actor.user, text=_clean_text(text, "text"))
    _changed(actor, case, "case note", note, AuditAction.CREATED, None, {"text": note.text})
    return note


class StalePlan(ValidationError):
    """Someone saved the plan after this editor loaded it; carries the plan as it now is."""

    def __init__(self, current: SupportPlan | None) -> None:
        super().__init__(
            _(
                "Someone else saved this plan while you were editing it. Your text is kept below: "
                "compare it with the saved plan and save again."
            ),
            code="stale",
        )
        self.current = current


@transaction.atomic
def plan_save(
    actor: Actor,
    case: FollowUpCase,
    *,
    version: int,
    goals: str,
    measures: str,
    responsibilities: str,
    review_on: datetime.date,
    agreed_with_pupil: bool,
    agreed_with_guardian: bool,
) -> SupportPlan:
    """Write the individual attendance-support plan. `version` is the one the editor loaded (0 for a
    new plan); a stale one is refused (StalePlan) and nothing is written."""
    case = _lock_case(actor, case)
    _require(policies.cases.can_work(actor, case))
    plan = SupportPlan.objects.select_for_update().filter(case=case).first()
    if (plan.version if plan else 0) != int(version):
        raise StalePlan(plan)
    if not isinstance(review_on, datetime.date):
        raise ValidationError({"review_on": _("Enter a date.")})
    fields = {
        "goals": _clean_text(goals, "goals"),
        "measures": _clean_text(measures, "measures"),
        "responsibilities": _clean_text(responsibilities, "responsibilities", required=False),
        "review_on": review_on,
        "agreed_with_pupil": bool(agreed_with_pupil),
        "agreed_with_guardian": bool(agreed_with_guardian),
    }
    before = plan_as_dict(plan) if plan else None
    if plan is None:
        plan = SupportPlan(case=case, version=1, **fields)
    else:
        for name, value in fields.items():
            setattr(plan, name, value)
        plan.version += 1
    plan.full_clean(exclude=["case"])
    plan.save()
    action = AuditAction.CREATED if before is None else AuditAction.UPDATED
    _changed(actor, case, "attendance-support plan", plan, action, before, plan_as_dict(plan))
    return plan
