"""Personal calendar feeds: a secret address per person and municipality, revocable.

Only the token's SHA-256 is stored: a leaked database does not leak the addresses. The address is
shown once, when it is made; making a new one revokes the old.
"""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from core.errors import ObjectNotFound
from schools.tenancy import Actor, resolve_actor

from ..models import CalendarFeed

TOKEN_BYTES = 32


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@transaction.atomic
def feed_create(*, actor: Actor) -> str:
    """A new secret address (its token); the person's previous one stops working."""
    feed_revoke(actor=actor)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    CalendarFeed.objects.create(
        user=actor.user, municipality=actor.municipality, token_hash=token_hash(token)
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
    if not token or len(token) > 100 or not token.isascii():
        raise ObjectNotFound
    feed = (
        CalendarFeed.objects.filter(token_hash=token_hash(token), revoked_at__isnull=True)
        .select_related("user", "municipality")
        .first()
    )
    if feed is None or not feed.user.is_active:
        raise ObjectNotFound
    actor = resolve_actor(feed.user, feed.municipality_id)
    if actor is None or actor.municipality.pk != feed.municipality_id:
        raise ObjectNotFound
    return actor
