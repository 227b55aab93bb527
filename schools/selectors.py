"""Reads, always scoped to the actor's municipality. Another tenant's object is a 404, like a missing one."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.access import parse_id
from core.errors import ObjectNotFound

from .models import Membership, School, SchoolYear, StaffAssignment, User
from .tenancy import Actor


def schools_for(actor: Actor) -> QuerySet[School]:
    return School.objects.filter(municipality=actor.municipality)


def get_school(actor: Actor, pk: object) -> School:
    return get_object_or_404(schools_for(actor), pk=pk)


def school_years_for(actor: Actor) -> QuerySet[SchoolYear]:
    return SchoolYear.objects.filter(municipality=actor.municipality).prefetch_related("holidays")


def get_school_year(actor: Actor, pk: object) -> SchoolYear:
    return get_object_or_404(school_years_for(actor), pk=pk)


def current_school_year(municipality_id: int, today: datetime.date | None = None) -> SchoolYear | None:
    """The school year containing today; in the summer gap, the next one; failing both, the latest."""
    today = today or timezone.localdate()
    years = SchoolYear.objects.filter(municipality_id=municipality_id)
    return (
        years.filter(starts_on__lte=today, ends_on__gte=today).first()
        or years.filter(starts_on__gt=today).order_by("starts_on").first()
        or years.order_by("-starts_on").first()
    )


def previous_school_year(school_year: SchoolYear) -> SchoolYear | None:
    return (
        SchoolYear.objects.filter(
            municipality_id=school_year.municipality_id, starts_on__lt=school_year.starts_on
        )
        .order_by("-starts_on")
        .first()
    )


def members_for(actor: Actor, *, include_inactive: bool = False) -> QuerySet[Membership]:
    memberships = Membership.objects.filter(municipality=actor.municipality).select_related("user")
    if not include_inactive:
        memberships = memberships.filter(is_active=True, user__is_active=True)
    return memberships.order_by("user__last_name", "user__first_name", "user__email")


def get_membership(actor: Actor, user_pk: object, *, include_inactive: bool = True) -> Membership:
    # A user id past 64 bits would reach the database unchecked (`user_id` lookups have no overflow
    # guard) and fail there: parsed first, and not found like any other.
    number = parse_id(user_pk)
    if number is None:
        raise ObjectNotFound
    return get_object_or_404(members_for(actor, include_inactive=include_inactive), user_id=number)


def users_for(actor: Actor) -> QuerySet[User]:
    """People with an active membership in the actor's municipality."""
    return User.objects.filter(
        memberships__municipality=actor.municipality, memberships__is_active=True, is_active=True
    ).distinct()


def assignments_for(
    actor: Actor, *, school: School | None = None, school_year: SchoolYear | None = None
) -> QuerySet[StaffAssignment]:
    qs = StaffAssignment.objects.filter(school__municipality=actor.municipality).select_related(
        "user", "school", "role", "school_year"
    )
    if school is not None:
        qs = qs.filter(school=school)
    if school_year is not None:
        qs = qs.filter(school_year=school_year)
    return qs


def get_assignment(actor: Actor, pk: object) -> StaffAssignment:
    return get_object_or_404(assignments_for(actor), pk=pk)


def schools_with_year_assignments(actor: Actor, school_year: SchoolYear | None) -> QuerySet[School]:
    """Schools with that year's assignments prefetched: one query for the schools, one for the staff."""
    return schools_for(actor).prefetch_related(
        Prefetch(
            "assignments",
            queryset=StaffAssignment.objects.filter(school_year=school_year).select_related("user", "role"),
            to_attr="year_assignments",
        )
    )


def schools_overview(actor: Actor, school_year: SchoolYear | None) -> QuerySet[School]:
    """Schools with the year's staff count (`staff_count`) and principals (`principal_assignments`).

    Counts in the database and fetches only the principals' rows: two queries, and the work does
    not grow with the size of each school's staff.
    """
    from django.db.models import Count, Q

    from roles.models import RoleKey

    return (
        schools_for(actor)
        .annotate(
            staff_count=Count(
                "assignments__user", filter=Q(assignments__school_year=school_year), distinct=True
            )
        )
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=StaffAssignment.objects.filter(school_year=school_year, role__key=RoleKey.PRINCIPAL)
                .select_related("user")
                .order_by("user__last_name"),
                to_attr="principal_assignments",
            )
        )
    )
