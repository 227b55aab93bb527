"""Writes of the yearly evaluation and the indicators: one function per use case, atomic, checked by
the policies, audited. Refusals are Django ValidationErrors (a 400 in the API, a form error on pages).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import record as audit_record
from core.access import lock_in
from schools.models import School, SchoolYear
from schools.tenancy import Actor
from yearclock.models import EntryStatus
from yearclock.services import clocks as yearclock_clocks

from ..models import (
    COMMENT_MAX_LENGTH,
    SCORE_MAX,
    SCORE_MIN,
    EvaluationAnswer,
    EvaluationCriterion,
    EvaluationStatus,
    EvaluationTheme,
    Indicator,
    SchoolEvaluation,
)
from . import policies, selectors


def refuse(message: str, field: str | None = None, code: str = "invalid") -> None:
    raise ValidationError(
        {field: [ValidationError(message, code=code)]} if field else ValidationError(message, code=code)
    )


def _audit(actor: Actor, obj: Any, action: str, before: dict | None, after: dict | None) -> None:
    audit_record(
        actor_user=actor.user,
        municipality=actor.municipality,
        obj=obj,
        action=action,
        before=before,
        after=after,
    )


THEME_FIELDS = ("name", "name_sv", "order", "is_active")
CRITERION_TEXT = ("statement", "statement_sv")


# --- Themes ------------------------------------------------------------------------------------


@transaction.atomic
def theme_create(
    *, actor: Actor, name: str, name_sv: str = "", order: int | None = None, **_ignored: Any
) -> EvaluationTheme:
    policies.criteria.require(actor, "edit")
    if order is None:
        order = EvaluationTheme.objects.filter(municipality=actor.municipality).count() + 1
    theme = EvaluationTheme(
        municipality=actor.municipality, name=name.strip(), name_sv=(name_sv or "").strip(), order=order
    )
    theme.full_clean()
    theme.save()
    _audit(actor, theme, AuditAction.CREATED, None, {"name": theme.name})
    return theme


@transaction.atomic
def theme_update(*, actor: Actor, theme: EvaluationTheme, **fields: Any) -> EvaluationTheme:
    policies.criteria.require(actor, "edit")
    theme = lock_in(selectors.themes_for(actor, include_inactive=True), theme.pk)
    before = {f: getattr(theme, f) for f in THEME_FIELDS}
    for name in THEME_FIELDS:
        if name in fields and fields[name] is not None:
            value = fields[name]
            setattr(theme, name, value.strip() if isinstance(value, str) else value)
    theme.full_clean()
    theme.save()
    _audit(actor, theme, AuditAction.UPDATED, before, {f: getattr(theme, f) for f in THEME_FIELDS})
    return theme


# --- Criteria ----------------------------------------------------------------------------------


def _check_theme(actor: Actor, theme: EvaluationTheme) -> None:
    if theme.municipality_id != actor.municipality.pk:
        refuse(_("Choose a theme of your municipality."), "theme")


@transaction.atomic
def criterion_create(
    *,
    actor: Actor,
    theme: EvaluationTheme,
    statement: str,
    statement_sv: str = "",
    order: int | None = None,
    **_ignored: Any,
) -> EvaluationCriterion:
    policies.criteria.require(actor, "edit")
    _check_theme(actor, theme)
    if order is None:
        order = theme.criteria.filter(is_current=True).count() + 1
    criterion = EvaluationCriterion(
        municipality=actor.municipality,
        theme=theme,
        statement=statement.strip(),
        statement_sv=(statement_sv or "").strip(),
        order=order,
    )
    criterion.full_clean()
    criterion.save()
    _audit(actor, criterion, AuditAction.CREATED, None, {"statement": criterion.statement})
    return criterion


def _snapshot(c: EvaluationCriterion) -> dict:
    return {
        "statement": c.statement,
        "statement_sv": c.statement_sv,
        "order": c.order,
        "theme": c.theme_id,
        "version": c.version,
    }


@transaction.atomic
def criterion_update(*, actor: Actor, criterion: EvaluationCriterion, **fields: Any) -> EvaluationCriterion:
    """Edit a criterion. When answers already point at it, the row is kept as it was (not current any
    more) and a new version takes its place, so the answers keep the wording they were given for; a
    criterion without answers is edited in place. A change of order alone never makes a new version."""
    policies.criteria.require(actor, "edit")
    criterion = lock_in(selectors.criteria_for(actor, include_retired=True), criterion.pk)
    if not criterion.is_current:
        refuse(_("This is an earlier version of the criterion: edit the current one."))
    before = _snapshot(criterion)
    theme = fields.get("theme") or criterion.theme
    _check_theme(actor, theme)
    new_text = {f: (fields[f] or "").strip() for f in CRITERION_TEXT if f in fields and fields[f] is not None}
    wording_changed = (
        any(getattr(criterion, f) != v for f, v in new_text.items()) or theme.pk != criterion.theme_id
    )
    order = fields.get("order")
    if wording_changed and criterion.answers.exists():
        successor = EvaluationCriterion(
            municipality=criterion.municipality,
            theme=theme,
            statement=new_text.get("statement", criterion.statement),
            statement_sv=new_text.get("statement_sv", criterion.statement_sv),
            order=criterion.order if order is None else order,
            version=criterion.version + 1,
            previous=criterion,
        )
        successor.full_clean(exclude=["previous"])
        criterion.is_current = False
        criterion.save(update_fields=["is_current", "updated_at"])
        successor.save()
        _audit(actor, successor, AuditAction.CREATED, before, _snapshot(successor))
        return successor
    for f, v in new_text.items():
        setattr(criterion, f, v)
    criterion.theme = theme
    if order is not None:
        criterion.order = order
    criterion.full_clean(exclude=["previous"])
    criterion.save()
    _audit(actor, criterion, AuditAction.UPDATED, before, _snapshot(criterion))
    return criterion


@transaction.atomic
def criterion_retire(*, actor: Actor, criterion: EvaluationCriterion) -> EvaluationCriterion:
    """No longer asked (answers given to it stay)."""
    policies.criteria.require(actor, "edit")
    criterion = lock_in(selectors.criteria_for(actor, include_retired=True), criterion.pk)
    if criterion.is_current:
        criterion.is_current = False
        criterion.save(update_fields=["is_current", "updated_at"])
        _audit(actor, criterion, AuditAction.RETIRED, None, None)
    return criterion


# --- Schools' evaluations ----------------------------------------------------------------------

DUPLICATE = "duplicate"


@transaction.atomic
def evaluation_create(*, actor: Actor, school: School, school_year: SchoolYear) -> SchoolEvaluation:
    """The school's evaluation for a school year (its principal starts it), tied to the yearclock's
    evaluation entry when the school's yearclock has one. A second one for the same year is refused."""
    if (
        school.municipality_id != actor.municipality.pk
        or school_year.municipality_id != actor.municipality.pk
    ):
        refuse(_("Choose a school and a school year of your municipality."))
    if not policies.evaluations.can_create(actor, school, school_year):
        raise PermissionDenied
    message = _("This school already has an evaluation for this school year.")
    if SchoolEvaluation.objects.filter(school=school, school_year=school_year).exists():
        refuse(message, code=DUPLICATE)
    try:
        with transaction.atomic():
            evaluation = SchoolEvaluation.objects.create(
                school=school,
                school_year=school_year,
                yearclock_entry=selectors.evaluation_entry_for(school, school_year),
            )
    except IntegrityError:  # a second request won the race
        refuse(message, code=DUPLICATE)
    _audit(actor, evaluation, AuditAction.CREATED, None, {"school_year": school_year.name})
    return evaluation


def _locked(actor: Actor, evaluation: SchoolEvaluation) -> SchoolEvaluation:
    locked = lock_in(selectors.evaluations_in(actor), evaluation.pk)
    if not policies.evaluations.can_view(actor, locked):
        raise PermissionDenied
    return locked


def _check_version(evaluation: SchoolEvaluation, version: object) -> None:
    if version is None or str(version) != str(evaluation.version):
        refuse(
            _(
                "Someone else saved this evaluation after you opened it. Your changes were not saved: "
                "reload the page to see the latest answers and make your changes again."
            ),
            "version",
            code="stale",
        )


def _clean_score(value: object, label: str) -> int | None:
    if value in (None, ""):
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, str))
        or not str(value).strip().isascii()
        or not str(value).strip().isdigit()
    ):
        refuse(_("%(criterion)s: choose a score from 1 to 4.") % {"criterion": label}, "answers")
    score = int(str(value).strip())
    if not SCORE_MIN <= score <= SCORE_MAX:
        refuse(_("%(criterion)s: choose a score from 1 to 4.") % {"criterion": label}, "answers")
    return score


@transaction.atomic
def evaluation_save(
    *,
    actor: Actor,
    evaluation: SchoolEvaluation,
    version: object,
    answers: Mapping[int, Mapping[str, object]],
    summary: str | None = None,
) -> SchoolEvaluation:
    """Save scores and comments (`answers`: criterion id -> {"score", "comment"}) and the summary of a
    draft. A save based on an older version than the stored one is refused (stale edit)."""
    evaluation = _locked(actor, evaluation)
    if evaluation.status != EvaluationStatus.DRAFT:
        refuse(_("This evaluation has been submitted: it can no longer be changed."), code="submitted")
    policies.evaluations.require(actor, "answer", evaluation)
    _check_version(evaluation, version)
    criteria = {c.pk: c for c in selectors.criteria_for(actor, include_retired=True)}
    existing = {a.criterion_id: a for a in evaluation.answers.all()}
    to_create, to_update = [], []
    for raw_id, values in answers.items():
        criterion = criteria.get(raw_id if isinstance(raw_id, int) else -1)
        if criterion is None or (not criterion.is_current and criterion.pk not in existing):
            refuse(_("One of the criteria is not asked any more: reload the page."), "answers")
        score = _clean_score(values.get("score"), criterion.statement[:60])
        comment = values.get("comment") or ""
        if not isinstance(comment, str):
            refuse(_("A comment must be text."), "answers")
        comment = comment.replace("\r\n", "\n").replace("\r", "\n").strip()
        if len(comment) > COMMENT_MAX_LENGTH:
            refuse(
                _("A comment can be at most %(max)s characters long.") % {"max": COMMENT_MAX_LENGTH},
                "answers",
            )
        answer = existing.get(criterion.pk) or EvaluationAnswer(evaluation=evaluation, criterion=criterion)
        answer.score, answer.comment = score, comment
        answer.full_clean(exclude=["evaluation", "criterion"])
        (to_update if answer.pk else to_create).append(answer)
    EvaluationAnswer.objects.bulk_create(to_create)
    EvaluationAnswer.objects.bulk_update(to_update, ["score", "comment"])
    fields = ["version", "updated_at"]
    if summary is not None:
        evaluation.summary = summary.replace("\r\n", "\n").strip()
        fields.append("summary")
    evaluation.version += 1
    evaluation.full_clean(exclude=["yearclock_entry", "submitted_by", "school", "school_year"])
    evaluation.save(update_fields=fields)
    return evaluation


@transaction.atomic
def evaluation_submit(*, actor: Actor, evaluation: SchoolEvaluation) -> SchoolEvaluation:
    """The principal submits: read-only from now on. The yearclock's evaluation entry (when there is one
    and it is not dropped) is marked done through the yearclock's own service. Submitting an already
    submitted evaluation changes nothing."""
    evaluation = _locked(actor, evaluation)
    if evaluation.status == EvaluationStatus.SUBMITTED:
        return evaluation
    policies.evaluations.require(actor, "submit", evaluation)
    if not evaluation.answers.filter(score__isnull=False).exists():
        refuse(_("Give a score to at least one criterion before submitting."), code="empty")
    evaluation.status = EvaluationStatus.SUBMITTED
    evaluation.submitted_at = timezone.now()
    evaluation.submitted_by = actor.user
    evaluation.version += 1
    if evaluation.yearclock_entry_id is None:
        evaluation.yearclock_entry = selectors.evaluation_entry_for(evaluation.school, evaluation.school_year)
    evaluation.save(
        update_fields=["status", "submitted_at", "submitted_by", "version", "yearclock_entry", "updated_at"]
    )
    entry = evaluation.yearclock_entry
    if entry is not None and not entry.dropped and entry.status != EntryStatus.DONE:
        yearclock_clocks.entry_set_status(actor=actor, entry=entry, status=EntryStatus.DONE)
    _audit(
        actor, evaluation, AuditAction.SUBMITTED, None, {"submitted_at": evaluation.submitted_at.isoformat()}
    )
    return evaluation


@transaction.atomic
def evaluation_reopen(*, actor: Actor, evaluation: SchoolEvaluation) -> SchoolEvaluation:
    """Back to a draft (the principal, until the school year ends). The yearclock entry is left as is."""
    evaluation = _locked(actor, evaluation)
    if evaluation.status == EvaluationStatus.DRAFT:
        return evaluation
    policies.evaluations.require(actor, "reopen", evaluation)
    evaluation.status = EvaluationStatus.DRAFT
    evaluation.submitted_at = None
    evaluation.submitted_by = None
    evaluation.version += 1
    evaluation.save(update_fields=["status", "submitted_at", "submitted_by", "version", "updated_at"])
    _audit(actor, evaluation, AuditAction.REOPENED, None, None)
    return evaluation


# --- Indicators --------------------------------------------------------------------------------

INDICATOR_FIELDS = ("code", "name", "name_sv", "source", "unit", "higher_is_better", "order")


@transaction.atomic
def indicator_create(*, actor: Actor, **fields: Any) -> Indicator:
    policies.indicators.require(actor, "edit")
    indicator = Indicator(municipality=actor.municipality)
    return _indicator_save(actor, indicator, fields, created=True)


@transaction.atomic
def indicator_update(*, actor: Actor, indicator: Indicator, **fields: Any) -> Indicator:
    policies.indicators.require(actor, "edit")
    indicator = lock_in(selectors.indicators_for(actor), indicator.pk)
    return _indicator_save(actor, indicator, fields, created=False)


def _indicator_save(actor: Actor, indicator: Indicator, fields: dict, *, created: bool) -> Indicator:
    for name in INDICATOR_FIELDS:
        if name in fields and fields[name] is not None:
            value = fields[name]
            setattr(indicator, name, value.strip() if isinstance(value, str) else value)
    if indicator.code:
        indicator.code = indicator.code.lower()
    clash = Indicator.objects.filter(municipality=actor.municipality, code=indicator.code).exclude(
        pk=indicator.pk
    )
    if clash.exists():
        refuse(_("Another indicator already has this code."), "code", code=DUPLICATE)
    indicator.full_clean()
    indicator.save()
    _audit(
        actor,
        indicator,
        AuditAction.CREATED if created else AuditAction.UPDATED,
        None,
        {"code": indicator.code},
    )
    return indicator
