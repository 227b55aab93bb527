"""Who may do what with schools, school years and people. Pages and API call these same functions.

Objects reach these functions only through the actor's scoped selectors, so every check here is
already inside the actor's municipality.
"""

from __future__ import annotations

from roles.models import RoleKey

from .models import School, SchoolYear, StaffAssignment
from .tenancy import Actor


def can_manage_organisation(actor: Actor) -> bool:
    """Schools, school years and the municipality's people are the city coordinator's to manage."""
    return actor.is_coordinator


def principal_school_ids(actor: Actor, school_year: SchoolYear | None) -> set[int]:
    """Schools where the actor holds the principal role in `school_year`."""
    if school_year is None:
        return set()
    return set(
        StaffAssignment.objects.filter(
            user=actor.user,
            school_year=school_year,
            role__key=RoleKey.PRINCIPAL,
            school__municipality=actor.municipality,
        ).values_list("school_id", flat=True)
    )


def is_principal(actor: Actor, school: School, school_year: SchoolYear | None) -> bool:
    return school.pk in principal_school_ids(actor, school_year)


def can_manage_staff(
    actor: Actor, school: School, school_year: SchoolYear, current_year: SchoolYear | None
) -> bool:
    """Assign roles at `school` for `school_year`.

    The coordinator may (the first principal of a new school has to come from somewhere); so may the
    school's principal of that year, or of the current year, who prepares next year's staff.
    """
    if actor.is_coordinator:
        return True
    years = {school_year.pk} | ({current_year.pk} if current_year else set())
    return StaffAssignment.objects.filter(
        user=actor.user, school=school, school_year_id__in=years, role__key=RoleKey.PRINCIPAL
    ).exists()
