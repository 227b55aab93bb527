"""Who may do what with the city's yearclock template and the schools' yearclocks.

- The template is the coordinator's; every member reads it.
- A school's yearclock: the school's principal (roles' principal rule, in the clock's year or the
  current one) creates and keeps it; the school's staff read it; the coordinator reads every school's
  (and sees which city entries schools dropped).
- An entry's owner marks its progress.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from core.policies import Policy
from roles.models import StaffAssignment
from roles.policies import current_year_id, held_assignments, is_principal, years_with_current
from schools.models import School, SchoolYear
from schools.tenancy import Actor

from .models import Yearclock, YearclockEntry


class TemplatePolicy(Policy):
    def can_view(self, actor: Actor, obj: Any = None) -> bool:
        return True

    def can_edit(self, actor: Actor, obj: Any = None) -> bool:
        return actor.is_coordinator


template = TemplatePolicy()


class YearclockPolicy(Policy):
    ACTIONS = ("manage", "manage_feed")

    def can_view_every_school(self, actor: Actor, obj: Any = None) -> bool:
        return actor.is_coordinator

    def _staff_at(self, actor: Actor, school_id: int, school_year_id: int) -> bool:
        years = years_with_current(actor, school_year_id)
        return any(s == school_id for s, _y, _r, _k in held_assignments(actor, years))

    def can_view(self, actor: Actor, clock: Yearclock | None = None) -> bool:
        if clock is None:
            return True
        return self.can_view_every_school(actor) or self._staff_at(
            actor, clock.school_id, clock.school_year_id
        )

    def visible(self, actor: Actor, queryset: QuerySet[Yearclock]) -> QuerySet[Yearclock]:
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
        if school is None or school_year is None:
            return True
        return is_principal(actor, school.pk, school_year.pk)

    def can_manage(self, actor: Actor, clock: Yearclock | None = None) -> bool:
        """Add, edit, move, drop entries; owners; the evaluation entry: the school's principal."""
        if clock is None:
            return True
        return is_principal(actor, clock.school_id, clock.school_year_id)

    def can_manage_feed(self, actor: Actor, clock: Yearclock | None = None) -> bool:
        return self.can_manage(actor, clock)


yearclocks = YearclockPolicy()


class EntryPolicy(Policy):
    def can_view(self, actor: Actor, entry: YearclockEntry | None = None) -> bool:
        return entry is None or yearclocks.can_view(actor, entry.yearclock)

    def can_edit(self, actor: Actor, entry: YearclockEntry | None = None) -> bool:
        return entry is None or yearclocks.can_manage(actor, entry.yearclock)

    def can_update_status(self, actor: Actor, entry: YearclockEntry | None = None) -> bool:
        """The owner marks progress; the principal too."""
        if entry is None:
            return True
        return entry.owner_id == actor.user.pk or yearclocks.can_manage(actor, entry.yearclock)


entries = EntryPolicy()
