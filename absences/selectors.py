"""Reads of absence follow-up, scoped to the actor's municipality and the policies. Reads of pupils'
data are logged by the callers (pages and API: `access_log.record`), not here."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from core.access import access_in
from schools.models import SchoolYear
from schools.tenancy import Actor

from . import policies
from .models import (
    AbsenceImport,
    AccessLogEntry,
    AttendanceModel,
    FollowUpCase,
    Pupil,
    Signal,
    Tier,
)

# --- The model -----------------------------------------------------------------------------------


def models_for(actor: Actor) -> QuerySet[AttendanceModel]:
    return AttendanceModel.objects.filter(municipality=actor.municipality).select_related("school_year")


def model_for_year(actor: Actor, school_year: SchoolYear) -> AttendanceModel | None:
    return models_for(actor).filter(school_year=school_year).prefetch_related("tiers__steps__roles").first()


def access_model(actor: Actor, pk: object) -> AttendanceModel:
    return access_in(models_for(actor), pk=pk)


def access_tier(actor: Actor, pk: object) -> Tier:
    return access_in(
        Tier.objects.filter(model__municipality=actor.municipality).select_related("model"), pk=pk
    )


# --- Pupils --------------------------------------------------------------------------------------


def pupils_in(actor: Actor) -> QuerySet[Pupil]:
    return Pupil.objects.filter(municipality=actor.municipality).select_related("school", "homeroom_teacher")


def visible_pupils(actor: Actor) -> QuerySet[Pupil]:
    return policies.pupils.visible(actor, pupils_in(actor))


def access_pupil(actor: Actor, pk: object) -> Pupil:
    """Another municipality's pupil is a 404; one of this municipality the actor may not see, a 404 too:
    pupils' existence is itself personal data."""
    return access_in(visible_pupils(actor), pk=pk)


def imports_in(actor: Actor) -> QuerySet[AbsenceImport]:
    return (
        AbsenceImport.objects.filter(municipality=actor.municipality)
        .select_related("school", "school_year", "uploaded_by")
        .defer("content")
    )


def access_import(actor: Actor, pk: object) -> AbsenceImport:
    found = access_in(imports_in(actor), pk=pk)
    if not policies.pupils.can_import(actor, found.school):
        raise PermissionDenied
    return found


# --- Signals and cases -----------------------------------------------------------------------------


def signals_for(actor: Actor) -> QuerySet[Signal]:
    """The signals addressed to the actor (their home card)."""
    return Signal.objects.filter(municipality=actor.municipality, recipient=actor.user).select_related(
        "pupil", "tier", "school"
    )


def cases_in(actor: Actor) -> QuerySet[FollowUpCase]:
    return FollowUpCase.objects.filter(municipality=actor.municipality).select_related(
        "pupil__homeroom_teacher", "school", "school_year", "tier", "opened_by"
    )


def visible_cases(actor: Actor) -> QuerySet[FollowUpCase]:
    return policies.cases.visible(actor, cases_in(actor))


def access_case(actor: Actor, pk: object) -> FollowUpCase:
    """A case the actor may not see is a 404 like another municipality's: a removed team member gets
    exactly what a stranger gets."""
    return access_in(visible_cases(actor), pk=pk)


# --- The access log --------------------------------------------------------------------------------


def access_log_for(actor: Actor, school_id: int) -> QuerySet[AccessLogEntry]:
    return AccessLogEntry.objects.filter(municipality=actor.municipality, school_id=school_id).select_related(
        "user", "pupil"
    )


# --- The model's steps (added with the model pages) ---------------------------------------------------

from .models import ClassSetting, TierStep  # noqa: E402 - kept with the functions added here, to merge cleanly


def access_step(actor: Actor, pk: object) -> TierStep:
    return access_in(
        TierStep.objects.filter(tier__model__municipality=actor.municipality).select_related("tier__model"),
        pk=pk,
    )


def tiers_in(actor: Actor) -> QuerySet[Tier]:
    return Tier.objects.filter(model__municipality=actor.municipality)


def class_settings_for(actor: Actor, school_id: int, school_year: SchoolYear) -> QuerySet[ClassSetting]:
    return ClassSetting.objects.filter(
        school_id=school_id, school__municipality=actor.municipality, school_year=school_year
    ).select_related("homeroom_teacher")


def class_names_in(actor: Actor, school_id: int) -> list[str]:
    """The classes the school's pupils are in (from the imports), for the class settings page."""
    return sorted(
        set(
            pupils_in(actor)
            .filter(school_id=school_id, is_active=True)
            .exclude(group_name="")
            .values_list("group_name", flat=True)
        )
    )
