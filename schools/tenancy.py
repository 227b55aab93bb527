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


def resolve_actor(user: User, requested_municipality_id: object = None) -> Actor | None:
    """The Actor for `user` in the requested municipality, or in their first one.

    A request for a municipality the user has no active membership in falls back to the first,
    so nobody can reach another tenant by naming it.
    """
    memberships = active_memberships(user)
    if not memberships:
        return None
    chosen = memberships[0]
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
