"""Personal calendar feeds: a secret address per person and municipality, revocable.

Only the token's SHA-256 is stored: a leaked database does not leak the addresses. The address is
shown once, when it is made; making a new one revokes the old.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from core.errors import ObjectNotFound
from core.tokens import new_token, plausible_token, token_digest
from schools.tenancy import Actor, resolve_actor

from ..models import CalendarFeed


@transaction.atomic
def feed_create(*, actor: Actor) -> str:
    """A new secret address (its token); the person's previous one stops working."""
    feed_revoke(actor=actor)
    token = new_token()
    CalendarFeed.objects.create(
        user=actor.user, municipality=actor.municipality, token_hash=token_digest(token)
    )
    return token


@transaction.atomic
def feed_revoke(*, actor: Actor) -> int:
    return CalendarFeed.objects.filter(
        user=actor.user, municipality=actor.municipality, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())


def feed_actor(token: str) -> Actor:
    """The Actor a live token reads as; a revoked, unknown or malformed token, or a person no longer
    in the municipality, is a 404 (one answer for all, so tokens cannot be probed)."""
    if not plausible_token(token):
        raise ObjectNotFound
    feed = (
        CalendarFeed.objects.filter(token_hash=token_digest(token), revoked_at__isnull=True)
        .select_related("user", "municipality")
        .first()
    )
    if feed is None or not feed.user.is_active:
        raise ObjectNotFound
    actor = resolve_actor(feed.user, feed.municipality_id)
    if actor is None or actor.municipality.pk != feed.municipality_id:
        raise ObjectNotFound
    return actor
