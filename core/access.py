"""Access helpers: load one object for an actor from an already scoped queryset.

Every `access_<thing>(actor, id)` in the apps is built on `access_in`: a malformed id, an id past the
database's integer range, a missing row and another municipality's row all raise the same
`ObjectNotFound`, so ids cannot be probed and no `DoesNotExist` reaches anyone.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet

from .errors import ObjectNotFound

M = TypeVar("M", bound=Model)

# Ids are 64-bit signed integers in every table (BigAutoField).
MAX_ID = 2**63 - 1


def parse_id(value: object) -> int | None:
    """The id as an int, or None: ASCII digits only (`"²"` is a digit to `str.isdigit`, not to us),
    positive, and inside the 64-bit range."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        text = value.strip()
        if not (0 < len(text) <= 19 and text.isascii() and text.isdigit()):
            return None
        number = int(text)
    else:
        return None
    return number if 0 < number <= MAX_ID else None


def is_whole_number(value: object) -> bool:
    """An int, or a string of ASCII digits with an optional minus sign (not a bool, a float, "٣")."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return False
    text = str(value).strip()
    digits = text[1:] if text.startswith("-") else text
    return digits.isascii() and digits.isdigit()


def access_in(queryset: QuerySet[M], pk: object, *, field: str = "pk") -> M:
    """The object whose `field` (an id) is `pk`, from `queryset` (scoped to the actor by the caller)."""
    number = parse_id(pk)
    if number is None:
        raise ObjectNotFound
    obj = queryset.filter(**{field: number}).first()
    if obj is None:
        raise ObjectNotFound
    return obj


def lock_in(queryset: QuerySet[M], pk: object, *, field: str = "pk") -> M:
    """`access_in` for a write: the row locked (SELECT … FOR UPDATE) until the transaction ends.

    A row deleted since the caller loaded it, or one outside the scoped queryset, is the same
    `ObjectNotFound`: never a `DoesNotExist` that would reach the user as a 500."""
    number = parse_id(pk)
    if number is None:
        raise ObjectNotFound
    try:
        # Only the object's own row: PostgreSQL cannot lock the nullable side of an outer join, which
        # a select_related of an optional relation adds.
        return queryset.select_for_update(of=("self",)).get(**{field: number})
    except queryset.model.DoesNotExist:
        raise ObjectNotFound from None
