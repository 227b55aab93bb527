"""Who may have a school's staff induction pack.

- The school's staff of that school year (any role in the roles staffing), and its principal (the
  roles' principal rule: also the current year's principal, who prepares the next year);
- the city coordinator, for every school of the municipality.

Another municipality's school, year or pack never reaches these rules: the access helpers answer 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from core.policies import Policy
from reports.models import InductionPack
from roles.models import StaffAssignment
from roles.policies import current_year_id, held_assignments, is_principal, principal_school_ids
from schools.models import School, SchoolYear
from schools.tenancy import Actor


class InductionPackPolicy(Policy):
    def can_view_every_school(self, actor: Actor, obj: Any = None) -> bool:
        return actor.is_coordinator

    def can_request(
        self, actor: Actor, school: School | None = None, school_year: SchoolYear | None = None
    ) -> bool:
        """Prepare (and download) the pack of `school` for `school_year`. Without them: whether the
        actor may use the page at all (every member may; the list of schools is theirs)."""
        if school is None or school_year is None:
            return True
        if self.can_view_every_school(actor):
            return True
        staff_here = any(
            s == school.pk and y == school_year.pk
            for s, y, _r, _k in held_assignments(actor, frozenset({school_year.pk}))
        )
        return staff_here or is_principal(actor, school.pk, school_year.pk)

    def can_view(self, actor: Actor, pack: InductionPack | None = None) -> bool:
        if pack is None:
            return True
        return self.can_request(actor, pack.school, pack.school_year)

    def can_download(self, actor: Actor, pack: InductionPack | None = None) -> bool:
        return self.can_view(actor, pack)

    def visible(self, actor: Actor, queryset: QuerySet[InductionPack]) -> QuerySet[InductionPack]:
        """The packs `can_view` allows, as a queryset (one query for any number of packs)."""
        if self.can_view_every_school(actor):
            return queryset
        held = StaffAssignment.objects.filter(
            user=actor.user, school_id=OuterRef("school_id"), school_year_id=OuterRef("school_year_id")
        )
        current = current_year_id(actor)
        principals = principal_school_ids(actor, frozenset({current})) if current else set()
        return queryset.filter(Q(Exists(held)) | Q(school_id__in=principals))


induction_packs = InductionPackPolicy()
