"""Writes of the city's attendance-support model: the model of a school year, its tiers and their steps.

The coordinator's only (`policies.attendance_model.can_edit`); every change is in the audit history.
Each function validates before it writes and raises ValidationError (translated) or PermissionDenied;
nothing is written when it raises."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from audit.services import record
from roles.models import Role
from schools.models import SchoolYear, Stage
from schools.tenancy import Actor

from .. import policies
from ..models import (
    MAX_STEPS,
    MAX_TIERS,
    AbsenceClass,
    AttendanceModel,
    FollowUpCase,
    Period,
    Signal,
    ThresholdKind,
    Tier,
    TierStep,
)

TIER_FIELDS = ("name_fi", "name_sv", "kind", "threshold", "stage_thresholds", "period", "weeks", "classes")
STEP_FIELDS = (
    "title",
    "title_sv",
    "description",
    "deadline_school_days",
    "involves_guardian",
    "is_expert_group",
)


def _require_edit(actor: Actor) -> None:
    if not policies.attendance_model.can_edit(actor):
        raise PermissionDenied(_("You do not have permission to do this."))


def _audit(actor: Actor, obj: Any, action: str, before: Mapping | None, after: Mapping | None) -> None:
    record(
        actor_user=actor.user,
        municipality=actor.municipality,
        obj=obj,
        action=action,
        before=before,
        after=after,
    )


def _tier_state(tier: Tier) -> dict[str, Any]:
    state = {name: getattr(tier, name) for name in TIER_FIELDS}
    state["threshold"] = str(tier.threshold)
    state["order"] = tier.order
    return state


def _step_state(step: TierStep) -> dict[str, Any]:
    state = {name: getattr(step, name) for name in STEP_FIELDS}
    state["order"] = step.order
    state["roles"] = sorted(step.roles.values_list("key", flat=True)) if step.pk else []
    return state


def _decimal(value: object, field: str) -> Decimal:
    try:
        number = Decimal(str(value).replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Enter a number.")}) from None
    if not number.is_finite():
        raise ValidationError({field: _("Enter a number.")})
    return number


def _clean_threshold(kind: str, value: object, field: str) -> Decimal:
    number = _decimal(value, field)
    if number <= 0:
        raise ValidationError({field: _("The threshold must be greater than zero.")})
    if kind == ThresholdKind.PERCENT and number > 100:
        raise ValidationError({field: _("A share of lessons cannot be over 100 %.")})
    if number >= Decimal("100000"):
        raise ValidationError({field: _("The threshold is too large.")})
    return number.quantize(Decimal("0.1"))


def clean_tier_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The tier's fields checked and normalised; ValidationError (per field) otherwise."""
    data = {name: fields.get(name) for name in TIER_FIELDS}
    errors: dict[str, list[str]] = {}
    name = str(data["name_fi"] or "").strip()
    if not name:
        errors.setdefault("name_fi", []).append(_("Give the tier a name."))
    data["name_fi"], data["name_sv"] = name, str(data["name_sv"] or "").strip()
    if data["kind"] not in ThresholdKind.values:
        errors.setdefault("kind", []).append(_("Choose how the threshold is counted."))
    if data["period"] not in Period.values:
        errors.setdefault("period", []).append(_("Choose the period."))
    weeks = data["weeks"]
    if data["period"] == Period.LAST_WEEKS:
        if weeks in (None, ""):
            errors.setdefault("weeks", []).append(_("Give the number of weeks for 'the last weeks'."))
        else:
            try:
                weeks = int(weeks)
            except (TypeError, ValueError):
                weeks = 0
            if not 1 <= weeks <= 52:
                errors.setdefault("weeks", []).append(_("The weeks must be between 1 and 52."))
    else:
        weeks = None
    data["weeks"] = weeks
    classes = list(data["classes"] or [])
    if any(value not in AbsenceClass.values for value in classes):
        errors.setdefault("classes", []).append(_("Unknown absence class."))
    data["classes"] = sorted(set(classes))
    if data["kind"] in ThresholdKind.values:
        try:
            data["threshold"] = _clean_threshold(data["kind"], data["threshold"], "threshold")
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                errors.setdefault(key, []).extend(messages)
        stages: dict[str, str] = {}
        for stage, value in dict(data["stage_thresholds"] or {}).items():
            if value in (None, ""):
                continue
            if stage not in Stage.values:
                errors.setdefault("stage_thresholds", []).append(
                    _("Unknown stage: %(stage)s.") % {"stage": stage}
                )
                continue
            try:
                stages[stage] = str(_clean_threshold(data["kind"], value, "stage_thresholds"))
            except ValidationError as error:
                errors.setdefault("stage_thresholds", []).extend(error.messages)
        data["stage_thresholds"] = stages
    if errors:
        raise ValidationError(errors)
    return data


def _clean_step(actor: Actor, fields: Mapping[str, Any], roles: Iterable[Role]) -> tuple[dict, list[Role]]:
    data = {name: fields.get(name) for name in STEP_FIELDS}
    errors: dict[str, list[str]] = {}
    data["title"] = str(data["title"] or "").strip()
    data["title_sv"] = str(data["title_sv"] or "").strip()
    data["description"] = str(data["description"] or "").strip()
    if not data["title"]:
        errors["title"] = [_("Give the step a title.")]
    try:
        days = int(data["deadline_school_days"])
    except (TypeError, ValueError):
        days = -1
    if not 0 <= days <= 200:
        errors["deadline_school_days"] = [_("The deadline must be between 0 and 200 school days.")]
    data["deadline_school_days"] = days
    data["involves_guardian"] = bool(data["involves_guardian"])
    data["is_expert_group"] = bool(data["is_expert_group"])
    roles = list(roles)
    if any(role.municipality_id != actor.municipality.pk for role in roles):
        errors["roles"] = [_("Choose roles of your own municipality.")]
    if not roles:
        errors.setdefault("roles", []).append(_("Choose at least one responsible role."))
    if errors:
        raise ValidationError(errors)
    return data, roles


def _own_year(actor: Actor, school_year: SchoolYear) -> None:
    if school_year.municipality_id != actor.municipality.pk:
        raise PermissionDenied(_("You do not have permission to do this."))


@transaction.atomic
def model_create(
    actor: Actor, school_year: SchoolYear, *, description: str = "", description_sv: str = ""
) -> AttendanceModel:
    _require_edit(actor)
    _own_year(actor, school_year)
    if AttendanceModel.objects.filter(municipality=actor.municipality, school_year=school_year).exists():
        raise ValidationError(_("The school year already has a model."))
    model = AttendanceModel(
        municipality=actor.municipality,
        school_year=school_year,
        description=description.strip(),
        description_sv=description_sv.strip(),
    )
    model.full_clean()
    model.save()
    _audit(actor, model, "created", None, {"description": model.description})
    return model


@transaction.atomic
def model_update(
    actor: Actor, model: AttendanceModel, *, description: str, description_sv: str
) -> AttendanceModel:
    _require_edit(actor)
    before = {"description": model.description, "description_sv": model.description_sv}
    model.description, model.description_sv = description.strip(), description_sv.strip()
    model.full_clean()
    model.save(update_fields=["description", "description_sv", "updated_at"])
    _audit(
        actor,
        model,
        "updated",
        before,
        {"description": model.description, "description_sv": model.description_sv},
    )
    return model


@transaction.atomic
def model_copy_from(actor: Actor, source: AttendanceModel, school_year: SchoolYear) -> AttendanceModel:
    """The school year's model as a copy of another year's: its description, tiers and steps."""
    _require_edit(actor)
    if source.municipality_id != actor.municipality.pk:
        raise PermissionDenied(_("You do not have permission to do this."))
    if source.school_year_id == school_year.pk:
        raise ValidationError(_("Choose another school year to copy from."))
    model = model_create(
        actor, school_year, description=source.description, description_sv=source.description_sv
    )
    for tier in source.tiers.prefetch_related("steps__roles"):
        copy = Tier.objects.create(
            model=model, order=tier.order, **{name: getattr(tier, name) for name in TIER_FIELDS}
        )
        for step in tier.steps.all():
            new_step = TierStep.objects.create(
                tier=copy, order=step.order, **{name: getattr(step, name) for name in STEP_FIELDS}
            )
            new_step.roles.set(list(step.roles.all()))
    return model


def _model_of(actor: Actor, model: AttendanceModel) -> AttendanceModel:
    if model.municipality_id != actor.municipality.pk:
        raise PermissionDenied(_("You do not have permission to do this."))
    return model


@transaction.atomic
def tier_add(actor: Actor, model: AttendanceModel, **fields: Any) -> Tier:
    _require_edit(actor)
    _model_of(actor, model)
    data = clean_tier_fields(fields)
    if model.tiers.count() >= MAX_TIERS:
        raise ValidationError(_("A model has at most %(count)d tiers.") % {"count": MAX_TIERS})
    order = (model.tiers.aggregate(top=Max("order"))["top"] or 0) + 1
    tier = Tier.objects.create(model=model, order=order, **data)
    _audit(actor, tier, "created", None, _tier_state(tier))
    return tier


@transaction.atomic
def tier_update(actor: Actor, tier: Tier, **fields: Any) -> Tier:
    _require_edit(actor)
    _model_of(actor, tier.model)
    data = clean_tier_fields(fields)
    before = _tier_state(tier)
    for name, value in data.items():
        setattr(tier, name, value)
    tier.save()
    _audit(actor, tier, "updated", before, _tier_state(tier))
    return tier


@transaction.atomic
def tier_delete(actor: Actor, tier: Tier) -> None:
    _require_edit(actor)
    _model_of(actor, tier.model)
    if Signal.objects.filter(tier=tier).exists() or FollowUpCase.objects.filter(tier=tier).exists():
        raise ValidationError(_("Pupils have reached this tier: it cannot be removed. Change it instead."))
    _audit(actor, tier, "deleted", _tier_state(tier), None)
    tier.delete()


@transaction.atomic
def step_add(actor: Actor, tier: Tier, *, roles: Iterable[Role] = (), **fields: Any) -> TierStep:
    _require_edit(actor)
    _model_of(actor, tier.model)
    data, roles = _clean_step(actor, fields, roles)
    if tier.steps.count() >= MAX_STEPS:
        raise ValidationError(_("A tier has at most %(count)d steps.") % {"count": MAX_STEPS})
    order = (tier.steps.aggregate(top=Max("order"))["top"] or 0) + 1
    step = TierStep.objects.create(tier=tier, order=order, **data)
    step.roles.set(roles)
    _audit(actor, step, "created", None, _step_state(step))
    return step


@transaction.atomic
def step_update(actor: Actor, step: TierStep, *, roles: Iterable[Role] = (), **fields: Any) -> TierStep:
    _require_edit(actor)
    _model_of(actor, step.tier.model)
    data, roles = _clean_step(actor, fields, roles)
    before = _step_state(step)
    for name, value in data.items():
        setattr(step, name, value)
    step.save()
    step.roles.set(roles)
    _audit(actor, step, "updated", before, _step_state(step))
    return step


@transaction.atomic
def step_delete(actor: Actor, step: TierStep) -> None:
    _require_edit(actor)
    _model_of(actor, step.tier.model)
    _audit(actor, step, "deleted", _step_state(step), None)
    step.delete()


@transaction.atomic
def step_move(actor: Actor, step: TierStep, *, up: bool) -> TierStep:
    """Swap the step with the one before (up) or after it; at either end nothing changes."""
    _require_edit(actor)
    _model_of(actor, step.tier.model)
    siblings = list(step.tier.steps.select_for_update().order_by("order", "id"))
    index = next(i for i, s in enumerate(siblings) if s.pk == step.pk)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(siblings):
        return step
    siblings[index], siblings[other_index] = siblings[other_index], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.order != position:
            TierStep.objects.filter(pk=sibling.pk).update(order=position)
    step.refresh_from_db()
    _audit(actor, step, "updated", {"order": index + 1}, {"order": other_index + 1})
    return step
