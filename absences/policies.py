"""Who may do what with the attendance-support model, pupils' absence data and follow-up cases.

- The model (tiers, steps) is the coordinator's; every member reads it.
- Pupils' absence data: the school's principal (all its pupils), a homeroom teacher (their class's
  pupils: `Pupil.homeroom_teacher`), and a case's team (that case's pupil). The coordinator and the
  communal groups never see pupils: they get aggregates (`can_view_aggregates`).
- A case: its team (guardian `view_followupcase`, given by the team services), the pupil's homeroom
  teacher and the school's principal.
- Pupil data also needs a second factor proven in the session (`core`-level check in the views and the
  API: `absences.otp`); these rules say who, that says how sure we are it is them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from core.policies import Policy
from roles.policies import current_year_id, held_school_ids, is_principal, principal_school_ids
from schools.models import School
from schools.tenancy import Actor

from .models import FollowUpCase, FollowUpCaseUserObjectPermission, Pupil, Signal

VIEW_CASE = "view_followupcase"


def principal_schools_now(actor: Actor) -> set[int]:
    current = current_year_id(actor)
    return principal_school_ids(actor, frozenset({current})) if current else set()


def team_case_ids(actor: Actor) -> frozenset[int]:
    """Cases whose team the actor is on (guardian grants): one query per request."""
    if "case_grants" not in actor.memo:
        actor.memo["case_grants"] = frozenset(
            FollowUpCaseUserObjectPermission.objects.filter(
                user=actor.user,
                permission__codename=VIEW_CASE,
                content_object__municipality=actor.municipality,
            ).values_list("content_object_id", flat=True)
        )
    return actor.memo["case_grants"]


def _team_cases_subquery(actor: Actor) -> QuerySet:
    return FollowUpCaseUserObjectPermission.objects.filter(
        user=actor.user, permission__codename=VIEW_CASE
    ).values("content_object_id")


class AttendanceModelPolicy(Policy):
    def can_view(self, actor: Actor, obj: Any = None) -> bool:
        return True

    def can_edit(self, actor: Actor, obj: Any = None) -> bool:
        return actor.is_coordinator


attendance_model = AttendanceModelPolicy()


class PupilPolicy(Policy):
    """Pupils and their absence data."""

    def can_import(self, actor: Actor, school: School | None = None) -> bool:
        """Upload absence data, set classes and lesson counts: the school's principal."""
        if school is None:
            return bool(principal_schools_now(actor))
        return school.pk in principal_schools_now(actor)

    def can_view_school(self, actor: Actor, school: School | None = None) -> bool:
        """Every pupil of the school: its principal."""
        return self.can_import(actor, school)

    def can_view(self, actor: Actor, pupil: Pupil | None = None) -> bool:
        if pupil is None:
            return self.can_view_any(actor)
        return (
            pupil.school_id in principal_schools_now(actor)
            or pupil.homeroom_teacher_id == actor.user.pk
            or FollowUpCase.objects.filter(pupil=pupil, pk__in=team_case_ids(actor)).exists()
        )

    def can_view_any(self, actor: Actor, obj: Any = None) -> bool:
        """Whether the person may see any pupil at all (and so needs the second factor)."""
        if principal_schools_now(actor) or team_case_ids(actor):
            return True
        own_class = Pupil.objects.filter(
            municipality=actor.municipality, homeroom_teacher=actor.user, is_active=True
        )
        # A signal's recipient (e.g. the nurse of a tier's first step) sees its pupil on the signals page.
        return (
            own_class.exists()
            or Signal.objects.filter(municipality=actor.municipality, recipient=actor.user).exists()
        )

    def visible(self, actor: Actor, queryset: QuerySet[Pupil]) -> QuerySet[Pupil]:
        return queryset.filter(
            Q(school_id__in=principal_schools_now(actor))
            | Q(homeroom_teacher=actor.user)
            | Q(cases__in=_team_cases_subquery(actor))
        ).distinct()

    def can_review_access_log(self, actor: Actor, school: School | None = None) -> bool:
        return self.can_import(actor, school)

    def can_view_aggregates(self, actor: Actor, school: School | None = None) -> bool:
        """Counts, never pupils: the coordinator (every school) and the school's staff (who sit in its
        communal groups; absences cannot import groups, its sibling layer)."""
        if actor.is_coordinator:
            return True
        current = current_year_id(actor)
        schools = held_school_ids(actor, frozenset({current})) if current else set()
        return bool(schools) if school is None else school.pk in schools


pupils = PupilPolicy()


class CasePolicy(Policy):
    ACTIONS = ("work", "manage_team", "close")

    def can_view(self, actor: Actor, case: FollowUpCase | None = None) -> bool:
        if case is None:
            return True
        return (
            case.pk in team_case_ids(actor)
            or case.pupil.homeroom_teacher_id == actor.user.pk
            or is_principal_now(actor, case.school_id)
        )

    def visible(self, actor: Actor, queryset: QuerySet[FollowUpCase]) -> QuerySet[FollowUpCase]:
        return queryset.filter(
            Q(pk__in=_team_cases_subquery(actor))
            | Q(pupil__homeroom_teacher=actor.user)
            | Q(school_id__in=principal_schools_now(actor))
        )

    def can_open(self, actor: Actor, pupil: Pupil | None = None) -> bool:
        """Open a case: the school's principal or the pupil's homeroom teacher."""
        if pupil is None:
            return True
        return is_principal_now(actor, pupil.school_id) or pupil.homeroom_teacher_id == actor.user.pk

    def can_work(self, actor: Actor, case: FollowUpCase | None = None) -> bool:
        """Steps, notes, the plan: everyone who sees an open case."""
        if case is None:
            return True
        return case.state == "open" and self.can_view(actor, case)

    def can_manage_team(self, actor: Actor, case: FollowUpCase | None = None) -> bool:
        if case is None:
            return True
        return case.state == "open" and (
            is_principal_now(actor, case.school_id) or case.pupil.homeroom_teacher_id == actor.user.pk
        )

    def can_close(self, actor: Actor, case: FollowUpCase | None = None) -> bool:
        return self.can_manage_team(actor, case)


cases = CasePolicy()


def is_principal_now(actor: Actor, school_id: int) -> bool:
    current = current_year_id(actor)
    return current is not None and is_principal(actor, school_id, current)
