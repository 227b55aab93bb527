from __future__ import annotations

import pytest

from audit.models import AuditAction, AuditEvent
from audit.services import record
from roles.models import RoleKey
from tests.factories import role


@pytest.fixture
def event(city) -> AuditEvent:
    """One recorded change of A's teacher role, by A's coordinator."""
    return record(
        actor_user=city.coordinator,
        municipality=city.municipality,
        obj=role(city.municipality, RoleKey.TEACHER),
        action=AuditAction.UPDATED,
        before={"description": "Vanha teksti."},
        after={"description": "Uusi teksti."},
    )


def rows() -> list[tuple]:
    """Every audit event as stored, to compare before and after a refused write."""
    return list(
        AuditEvent.objects.order_by("pk").values_list(
            "pk",
            "municipality_id",
            "actor_id",
            "actor_name",
            "at",
            "content_type_id",
            "object_id",
            "action",
            "before",
            "after",
            "context",
        )
    )
