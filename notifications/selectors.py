"""Reads of notifications: a person's inbox and preferences.

The inbox belongs to the person, not to one municipality: county staff see the items of every
municipality where they are an active member (each labelled with it), and nothing of a municipality
that deactivated them. Nobody sees another person's items: those are 404s like missing ones.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from core.access import access_in
from schools.models import Membership, User

from .kinds import NotificationKind, configurable_kinds
from .models import Channel, Notification, NotificationPreference


def inbox_for(user: User) -> QuerySet[Notification]:
    """The user's inbox, newest first."""
    municipality_ids = Membership.objects.filter(user=user, is_active=True).values("municipality_id")
    return (
        Notification.objects.in_inbox()
        .filter(recipient=user, municipality_id__in=municipality_ids)
        .select_related("municipality")
        .order_by("-created_at", "-id")
    )


def inbox_item(user: User, pk: object) -> Notification:
    """One item of the user's inbox; any other id is the same ObjectNotFound."""
    return access_in(inbox_for(user), pk)


def unread_count(user: User) -> int:
    if not user.is_authenticated:
        return 0
    return inbox_for(user).filter(read_at__isnull=True).order_by().count()


def channels_for(user: User) -> list[tuple[NotificationKind, Channel]]:
    """Each kind the user may direct elsewhere, with the channel it goes by now."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "channel"))
    return [(kind, kind.channel_for(chosen.get(kind.key))) for kind in configurable_kinds()]


def scheduled_user_ids(*, kind: str, subject: Model, slot: str = "") -> set[int]:
    """The users who already have a row of `kind` about `subject` in `slot` (sent or not)."""
    return set(
        Notification.objects.filter(
            kind=kind,
            subject_type=ContentType.objects.get_for_model(subject),
            subject_id=subject.pk,
            slot=slot,
            recipient__isnull=False,
        ).values_list("recipient_id", flat=True)
    )
