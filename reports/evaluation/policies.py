"""Who may do what with the yearly evaluation and the indicators.

- Criteria and themes are the city's: the coordinator (Membership.is_coordinator) edits them, every
  member reads them.
- A school's evaluation: the school's staff (a role there in the evaluation's year or the current one)
  and the coordinator (every school) read it; the members of the school's (school-centre) wellbeing
  group and the principal answer it while it is a draft; the principal (roles' principal rule) starts,
  submits and reopens it. Reopening is allowed until the school year ends: after that the submitted
  evaluation is the year's record.
- Indicators: the coordinator defines them and imports values; the coordinator reads every school's
  values, staff their own schools'.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from core.policies import Policy
from groups.models import Attachment, GroupMember
from roles.models import StaffAssignment
from roles.policies import current_year_id, held_assignments, is_principal, years_with_current
from schools.models import School, SchoolYear
from schools.tenancy import Actor

from ..models import EvaluationStatus, IndicatorValue, SchoolEvaluation


class CriteriaPolicy(Policy):
    def can_view(self, actor: Actor, obj: Any = None) -> bool:
        return True

    def can_edit(self, actor: Actor, obj: Any = None) -> bool:
        return actor.is_coordinator


criteria = CriteriaPolicy()


def staff_school_ids(actor: Actor, school_year_id: int) -> set[int]:
    return {s for s, _y, _r, _k in held_assignments(actor, years_with_current(actor, school_year_id))}


def school_group_school_ids(actor: Actor) -> frozenset[int]:
    """Schools whose school-level (school-centre) wellbeing group the actor is a member of: one query."""
    if "evaluation_group_schools" not in actor.memo:
        actor.memo["evaluation_group_schools"] = frozenset(
            GroupMember.objects.filter(
                user=actor.user,
                group__municipality=actor.municipality,
                group__is_active=True,
                group__level__attaches_to=Attachment.SCHOOL,
                group__school__isnull=False,
            ).values_list("group__school_id", flat=True)
        )
    return actor.memo["evaluation_group_schools"]


class EvaluationPolicy(Policy):
    ACTIONS = ("answer", "submit", "reopen")

    def can_view_every_school(self, actor: Actor, obj: Any = None) -> bool:
        return actor.is_coordinator

    def can_view(self, actor: Actor, evaluation: SchoolEvaluation | None = None) -> bool:
        if evaluation is None:
            return True
        return self.can_view_every_school(actor) or evaluation.school_id in staff_school_ids(
            actor, evaluation.school_year_id
        )

    def visible(self, actor: Actor, queryset: QuerySet[SchoolEvaluation]) -> QuerySet[SchoolEvaluation]:
        if self.can_view_every_school(actor):
            return queryset
        in_year = Q(school_year_id=OuterRef("school_year_id"))
        current = current_year_id(actor)
        if current is not None:
            in_year |= Q(school_year_id=current)
        staff_here = StaffAssignment.objects.filter(in_year, user=actor.user, school_id=OuterRef("school_id"))
        return queryset.filter(Exists(staff_here))

    def can_create(
        self, actor: Actor, school: School | None = None, school_year: SchoolYear | None = None
    ) -> bool:
        """Start the school's evaluation for a year: its principal."""
        if school is None or school_year is None:
            return True
        return is_principal(actor, school.pk, school_year.pk)

    def can_answer(self, actor: Actor, evaluation: SchoolEvaluation | None = None) -> bool:
        """Scores, comments and the summary of a draft: the school group's members and the principal."""
        if evaluation is None:
            return True
        if evaluation.status != EvaluationStatus.DRAFT:
            return False
        return evaluation.school_id in school_group_school_ids(actor) or is_principal(
            actor, evaluation.school_id, evaluation.school_year_id
        )

    def can_submit(self, actor: Actor, evaluation: SchoolEvaluation | None = None) -> bool:
        if evaluation is None:
            return True
        return evaluation.status == EvaluationStatus.DRAFT and is_principal(
            actor, evaluation.school_id, evaluation.school_year_id
        )

    def can_reopen(self, actor: Actor, evaluation: SchoolEvaluation | None = None) -> bool:
        if evaluation is None:
            return True
        return (
            evaluation.status == EvaluationStatus.SUBMITTED
            and evaluation.school_year.ends_on >= timezone.localdate()
            and is_principal(actor, evaluation.school_id, evaluation.school_year_id)
        )


evaluations = EvaluationPolicy()


class IndicatorPolicy(Policy):
    def can_view(self, actor: Actor, obj: Any = None) -> bool:
        return True

    def can_edit(self, actor: Actor, obj: Any = None) -> bool:
        return actor.is_coordinator

    def can_import(self, actor: Actor, obj: Any = None) -> bool:
        return actor.is_coordinator

    def visible_values(self, actor: Actor, queryset: QuerySet[IndicatorValue]) -> QuerySet[IndicatorValue]:
        if actor.is_coordinator:
            return queryset
        in_year = Q(school_year_id=OuterRef("school_year_id"))
        current = current_year_id(actor)
        if current is not None:
            in_year |= Q(school_year_id=current)
        staff_here = StaffAssignment.objects.filter(in_year, user=actor.user, school_id=OuterRef("school_id"))
        return queryset.filter(Exists(staff_here))


indicators = IndicatorPolicy()
