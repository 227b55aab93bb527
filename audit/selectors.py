"""Reading the audit trail: always inside one municipality, newest first, in one query.

Each selector takes the actor (or the municipality itself, for tasks and commands) and returns a lazy
queryset with the actor joined, so a page can slice or paginate it and still make one query.
Another municipality's events are never returned, whatever object or ids are asked for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Model, Q, QuerySet

from schools.models import Municipality
from schools.tenancy import Actor

from .models import AuditEvent

_CONTEXT_KEY = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")


def _municipality_id(scope: Actor | Municipality) -> int:
    return scope.municipality_id if isinstance(scope, Actor) else scope.pk


def events_for(scope: Actor | Municipality) -> QuerySet[AuditEvent]:
    """Every event of the municipality, newest first."""
    return (
        AuditEvent.objects.filter(municipality_id=_municipality_id(scope))
        .select_related("actor", "content_type")
        .order_by("-at", "-id")
    )


def history_for(scope: Actor | Municipality, obj: Model) -> QuerySet[AuditEvent]:
    """The history of one object (which may since have been deleted: pass an instance with its pk)."""
    return history_for_many(scope, ContentType.objects.get_for_model(obj), [obj.pk])


def history_for_many(
    scope: Actor | Municipality, content_type: ContentType, ids: Iterable[int]
) -> QuerySet[AuditEvent]:
    """The merged history of several objects of one model (e.g. every act of a role)."""
    return events_for(scope).filter(content_type=content_type, object_id__in=list(ids))


def history_with_context(scope: Actor | Municipality, key: str, value: Any) -> QuerySet[AuditEvent]:
    """Every event recorded with `context[key] == value`, e.g. ("tool", tool.pk): a tool's history."""
    if not _CONTEXT_KEY.match(key):
        # The key becomes part of a JSON path lookup: only plain snake_case names.
        raise ValueError(f"Not a context key: {key!r}")
    if connection.vendor == "postgresql":
        # Containment (@>) can use the GIN index on context that the PostgreSQL migration adds.
        condition = Q(context__contains={key: value})
    else:
        condition = Q(**{f"context__{key}": value})
    return events_for(scope).filter(condition)
