"""The school's yearclock as a calendar feed: a secret, revocable address (only its hash is kept)."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction

from core.access import lock_in
from core.errors import ObjectNotFound
from schools.tenancy import Actor

from .. import policies, selectors
from ..models import Yearclock


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@transaction.atomic
def feed_create(*, actor: Actor, yearclock: Yearclock) -> str:
    """A new address (its token, shown once); the previous one stops working."""
    clock = lock_in(Yearclock.objects.filter(school__municipality=actor.municipality), yearclock.pk)
    policies.yearclocks.require(actor, "manage_feed", clock)
    token = secrets.token_urlsafe(32)
    clock.feed_token_hash = _hash(token)
    clock.save(update_fields=["feed_token_hash", "updated_at"])
    return token


@transaction.atomic
def feed_revoke(*, actor: Actor, yearclock: Yearclock) -> None:
    clock = lock_in(Yearclock.objects.filter(school__municipality=actor.municipality), yearclock.pk)
    policies.yearclocks.require(actor, "manage_feed", clock)
    clock.feed_token_hash = ""
    clock.save(update_fields=["feed_token_hash", "updated_at"])


def feed_yearclock(token: str) -> Yearclock:
    """The yearclock of a live token; unknown, revoked or malformed is the same 404."""
    if not token or len(token) > 100 or not token.isascii():
        raise ObjectNotFound
    clock = selectors.yearclock_for_feed(_hash(token))
    if clock is None:
        raise ObjectNotFound
    return clock
