"""Reads, always scoped to the actor's municipality. Another tenant's object is a 404, like a missing one."""

from __future__ import annotations

import datetime

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from core.access import access_in

from .models import Membership, MembershipInvitation, School, SchoolYear, User
from .tenancy import Actor


def schools_for(actor: Actor) -> QuerySet[School]:
    return School.objects.filter(municipality=actor.municipality)


def access_school(actor: Actor, pk: object) -> School:
    return access_in(schools_for(actor), pk=pk)


def school_years_for(actor: Actor) -> QuerySet[SchoolYear]:
    return SchoolYear.objects.filter(municipality=actor.municipality).prefetch_related("holidays")


def access_school_year(actor: Actor, pk: object) -> SchoolYear:
    return access_in(school_years_for(actor), pk=pk)


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


def access_membership(actor: Actor, user_pk: object, *, include_inactive: bool = True) -> Membership:
    return access_in(members_for(actor, include_inactive=include_inactive), user_pk, field="user_id")


def pending_invitations_for(actor: Actor) -> QuerySet[MembershipInvitation]:
    """The municipality's invitations still waiting for the person's answer, as the coordinator may see
    them: the address they typed and what they offered, never the invited account (dicts, not rows,
    so no template can reach the person's name through them)."""
    return (
        MembershipInvitation.objects.filter(
            municipality=actor.municipality, status=MembershipInvitation.Status.PENDING
        )
        .order_by("email", "id")
        .values("id", "email", "is_coordinator", "title", "created_at")
    )


def access_pending_invitation(actor: Actor, pk: object) -> MembershipInvitation:
    return access_in(
        MembershipInvitation.objects.filter(
            municipality=actor.municipality, status=MembershipInvitation.Status.PENDING
        ).only("id", "municipality_id", "status"),
        pk,
    )


def own_pending_invitations(user: User) -> QuerySet[MembershipInvitation]:
    """Invitations waiting for `user`'s own answer (no actor: the person may have no municipality yet)."""
    return (
        MembershipInvitation.objects.filter(user=user, status=MembershipInvitation.Status.PENDING)
        .select_related("municipality", "invited_by")
        .order_by("created_at", "id")
    )


def access_own_invitation(user: User, pk: object) -> MembershipInvitation:
    """One of `user`'s pending invitations; anyone else's (or an answered one) is a 404."""
    return access_in(own_pending_invitations(user), pk)


def users_for(actor: Actor) -> QuerySet[User]:
    """People with an active membership in the actor's municipality."""
    return User.objects.filter(
        memberships__municipality=actor.municipality, memberships__is_active=True, is_active=True
    ).distinct()


def users_with_membership(actor: Actor) -> QuerySet[User]:
    """`users_for`, each with `is_coordinator` and `title` of their membership in the actor's
    municipality only (a person serving several has another title elsewhere)."""
    membership = Membership.objects.filter(user=OuterRef("pk"), municipality=actor.municipality)
    return users_for(actor).annotate(
        is_coordinator=Subquery(membership.values("is_coordinator")[:1]),
        title=Subquery(membership.values("title")[:1]),
    )


def users_for_password_reset(email: str) -> QuerySet[User]:
    """Before anyone signs in: the active people with this e-mail address and some active membership,
    invited people who never set a password included (so a lost invitation can be recovered)."""
    return User.objects.filter(email__iexact=email, is_active=True, memberships__is_active=True).distinct()


def chosen_school_year(actor: Actor, raw: object, current: SchoolYear | None) -> SchoolYear | None:
    """The school year named by `?year=` (or the POSTed `year`); the current one when none is named.

    A year of another municipality, or junk, is a 404 like any other object that is not the actor's.
    """
    if raw in (None, ""):
        return current
    return access_school_year(actor, raw)
