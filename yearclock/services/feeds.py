"""The school's yearclock as a calendar feed: a secret, revocable address (only its hash is kept)."""

from __future__ import annotations

from django.db import transaction

from core.access import lock_in
from core.errors import ObjectNotFound
from core.tokens import new_token, plausible_token, token_digest
from schools.tenancy import Actor

from .. import policies, selectors
from ..models import Yearclock


@transaction.atomic
def feed_create(*, actor: Actor, yearclock: Yearclock) -> str:
    """A new address (its token, shown once); the previous one stops working."""
    clock = lock_in(Yearclock.objects.filter(school__municipality=actor.municipality), yearclock.pk)
    policies.yearclocks.require(actor, "manage_feed", clock)
    token = new_token()
    clock.feed_token_hash = token_digest(token)
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
    if not plausible_token(token):
        raise ObjectNotFound
    clock = selectors.yearclock_for_feed(token_digest(token))
    if clock is None:
        raise ObjectNotFound
    return clock
