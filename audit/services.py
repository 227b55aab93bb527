"""Writing the audit trail: `record`, called by feature services inside their own transaction.

The caller describes the object as plain dicts of field -> JSON-able value (texts, ids, lists, dates;
dates and decimals are stored as strings) taken before and after its write. See the package docstring
(`audit/__init__.py`) for an example.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from schools.models import Municipality, User

from .models import AuditAction, AuditEvent

_MISSING = object()


def changed_fields(
    before: Mapping[str, Any], after: Mapping[str, Any], *, keep: Iterable[str] = ()
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The two sides reduced to the fields that differ, plus the `keep` fields; None when no field
    differs. A field present on one side only counts as changed (and stays absent from the other)."""
    names = [*before, *(k for k in after if k not in before)]
    changed = {k for k in names if before.get(k, _MISSING) != after.get(k, _MISSING)}
    if not changed:
        return None
    wanted = changed | set(keep)
    return (
        {k: v for k, v in before.items() if k in wanted},
        {k: v for k, v in after.items() if k in wanted},
    )


def record(
    *,
    actor_user: User,
    municipality: Municipality,
    action: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    obj: Model | None = None,
    content_type: ContentType | None = None,
    object_id: int | None = None,
    context: Mapping[str, Any] | None = None,
    keep: Iterable[str] = (),
) -> AuditEvent | None:
    """Append one event: `actor_user` did `action` to `obj` in `municipality`.

    `before` is None for a creation, `after` None for a deletion. When both are given, only the
    fields that changed are kept (plus `keep`), and nothing is written when none changed: the
    return value is then None. Name the object by `obj`, or by `content_type` and `object_id`
    (for a row already deleted).
    """
    if action not in AuditAction.values:
        raise ValueError(f"Unknown audit action {action!r}: add it to audit.models.AuditAction.")
    if obj is not None:
        if content_type is not None or object_id is not None:
            raise ValueError("Name the object either by obj or by content_type and object_id.")
        if obj.pk is None:
            raise ValueError("The object has no id: record a deletion before deleting the row.")
        content_type = ContentType.objects.get_for_model(obj)
        object_id = obj.pk
    if content_type is None or object_id is None:
        raise ValueError("record() needs obj, or content_type and object_id.")

    if before is not None and after is not None:
        reduced = changed_fields(before, after, keep=keep)
        if reduced is None:
            return None
        before, after = reduced
    else:
        before = dict(before) if before is not None else None
        after = dict(after) if after is not None else None

    return AuditEvent.objects.create(
        municipality=municipality,
        actor=actor_user,
        actor_name=actor_user.get_full_name() or actor_user.email,
        content_type=content_type,
        object_id=object_id,
        action=action,
        before=before,
        after=after,
        context=dict(context or {}),
    )
