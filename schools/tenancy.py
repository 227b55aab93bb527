"""Who is acting, in which municipality.

The tenant is passed explicitly below the view (an `Actor`), never kept in a thread-local: Celery
tasks and management commands build their own Actor.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import Membership, Municipality, User

SESSION_KEY = "active_municipality_id"


@dataclass(frozen=True)
class Actor:
    user: User
    municipality: Municipality
    is_coordinator: bool = False
    # Every municipality the user may switch to (for the header switcher).
    municipalities: tuple[Municipality, ...] = field(default=(), compare=False)
    # What policies looked up for this actor during one request or task (e.g. the roles they hold), so
    # that a page asking several questions queries once. An Actor lives for one request only.
    memo: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def municipality_id(self) -> int:
        return self.municipality.pk


def active_memberships(user: User) -> list[Membership]:
    if not user.is_authenticated or not user.is_active:
        return []
    return list(
        Membership.objects.filter(user=user, is_active=True)
        .select_related("municipality")
        .order_by("municipality__name")
    )


def default_membership(user: User, memberships: list[Membership]) -> Membership | None:
    """Where `user` starts: their chosen default municipality, else the municipality they joined first.

    Never "the first by name": joining a new municipality must not move anyone's sign-in, or their
    API calls without X-Municipality, to it.
    """
    if not memberships:
        return None
    for membership in memberships:
        if membership.municipality_id == user.default_municipality_id:
            return membership
    return min(memberships, key=lambda m: (m.created_at, m.pk))


def resolve_actor(user: User, requested_municipality_id: object = None) -> Actor | None:
    """The Actor for `user` in the requested municipality, or in their default one.

    A request for a municipality the user has no active membership in falls back to the default,
    so nobody can reach another tenant by naming it.
    """
    memberships = active_memberships(user)
    chosen = default_membership(user, memberships)
    if chosen is None:
        return None
    try:
        wanted = int(requested_municipality_id) if requested_municipality_id not in (None, "") else None
    except (TypeError, ValueError):
        wanted = None
    for membership in memberships:
        if membership.municipality_id == wanted:
            chosen = membership
            break
    return Actor(
        user=user,
        municipality=chosen.municipality,
        is_coordinator=chosen.is_coordinator,
        municipalities=tuple(m.municipality for m in memberships),
    )
