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


# --- Standings, signals and aggregates (the standings pages) ---------------------------------------


def new_signal_counts(actor: Actor) -> list[dict]:
    """The actor's unhandled signals counted per tier (the home card: no pupil named). One query."""
    from django.db.models import Count

    return list(
        signals_for(actor)
        .filter(handled_at__isnull=True)
        .values("tier_id", "tier__name_fi", "tier__name_sv", "tier__order")
        .annotate(count=Count("id"))
        .order_by("tier__order", "tier_id")
    )


def signal_list_for(actor: Actor) -> QuerySet[Signal]:
    return signals_for(actor).select_related("school_year").order_by("-created_at", "-id")


def pupil_months(actor: Actor, pupil: Pupil) -> QuerySet:
    """The months of a pupil the caller has already reached through `access_pupil`."""
    from .models import PupilMonth

    return PupilMonth.objects.filter(municipality=actor.municipality, pupil=pupil).order_by("month")


def pupil_signals(actor: Actor, pupil: Pupil) -> QuerySet[Signal]:
    return Signal.objects.filter(municipality=actor.municipality, pupil=pupil).select_related(
        "tier", "recipient", "school_year"
    )


def schools_in(actor: Actor):
    from schools.models import School

    return School.objects.filter(municipality=actor.municipality)


def access_school(actor: Actor, pk: object):
    return access_in(schools_in(actor), pk=pk)


def pupil_list_scope(actor: Actor, school) -> QuerySet[Pupil] | None:
    """The pupils of `school` the actor may list: all for its principal, their own class's for a
    homeroom teacher, None for anyone else."""
    qs = pupils_in(actor).filter(school=school, is_active=True)
    if policies.pupils.can_view_school(actor, school):
        return qs
    own = qs.filter(homeroom_teacher=actor.user)
    return own if own.exists() else None


# --- Follow-up cases: pages and API ------------------------------------------------------------------


def case_detail(actor: Actor, pk: object) -> FollowUpCase:
    """A visible case with everything its page shows, in a fixed number of queries whatever the number
    of steps, notes and team members."""
    from django.db.models import Prefetch

    from .models import CaseNote, CaseStep

    return access_in(
        visible_cases(actor)
        .select_related("plan", "signal")
        .prefetch_related(
            Prefetch("steps", queryset=CaseStep.objects.select_related("responsible")),
            Prefetch("notes", queryset=CaseNote.objects.select_related("author")),
        ),
        pk=pk,
    )


def case_team(case: FollowUpCase) -> list:
    """The people on the case's team (guardian grants), by name."""
    from .models import FollowUpCaseUserObjectPermission

    grants = (
        FollowUpCaseUserObjectPermission.objects.filter(
            content_object=case, permission__codename=policies.VIEW_CASE
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__pk")
    )
    return [grant.user for grant in grants]


def access_case_step(actor: Actor, pk: object):
    """A step of a case the actor sees; any other is a 404."""
    from .models import CaseStep

    return access_in(
        CaseStep.objects.filter(case__in=visible_cases(actor)).select_related(
            "case__pupil", "case__school", "responsible"
        ),
        pk=pk,
    )


def tiers_for_year(actor: Actor, school_year_id: int) -> QuerySet[Tier]:
    return Tier.objects.filter(
        model__municipality=actor.municipality, model__school_year_id=school_year_id
    ).order_by("order")


def access_signal(actor: Actor, pk: object) -> Signal:
    """A signal about a pupil the actor sees (the recipient, the principal, the homeroom teacher)."""
    return access_in(
        Signal.objects.filter(
            municipality=actor.municipality, pupil__in=visible_pupils(actor)
        ).select_related("pupil", "tier"),
        pk=pk,
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
