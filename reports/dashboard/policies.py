"""Who sees the reports: the city's dashboard is the coordinator's; a school's overview is its
principal's (in the chosen school year or the current one, the roles' principal rule) and the
coordinator's. Pages and the API ask these rules; another municipality's school is a 404 before."""

from __future__ import annotations

from typing import Any

from core.policies import Policy
from roles.policies import principal_school_ids, years_with_current
from schools.models import School, SchoolYear
from schools.tenancy import Actor


class DashboardPolicy(Policy):
    def can_view(self, actor: Actor, obj: Any = None) -> bool:
        return actor.is_coordinator


dashboard = DashboardPolicy()


class SchoolOverviewPolicy(Policy):
    def can_view(
        self, actor: Actor, school: School | None = None, school_year: SchoolYear | None = None
    ) -> bool:
        if actor.is_coordinator:
            return True
        if school is None or school_year is None:
            return False
        return school.pk in principal_school_ids(actor, years_with_current(actor, school_year.pk))

    def own_school_ids(self, actor: Actor, school_year: SchoolYear) -> set[int]:
        """The schools whose overview a principal reads in this year (for the home card and the menu)."""
        return principal_school_ids(actor, years_with_current(actor, school_year.pk))


overview = SchoolOverviewPolicy()
