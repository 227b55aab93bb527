"""Invariants that only a real PostgreSQL can prove: row locks under concurrent writes."""

from __future__ import annotations

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from schools import services
from schools.models import SchoolYear

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def wait_until_blocked_by_us(timeout: float = 10.0) -> None:
    """Wait until another session waits for a lock held by this connection's transaction."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_locks"
                " WHERE NOT granted AND pg_backend_pid() = ANY(pg_blocking_pids(pid))"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.01)
    raise AssertionError("the second create never waited for the first one's lock")


def test_overlapping_school_years_created_at_the_same_time_the_second_is_refused(city, actor_for):
    actor = actor_for(city.coordinator)
    before = SchoolYear.objects.filter(municipality=city.municipality).count()
    outcome: dict[str, object] = {}

    def second_create() -> None:
        try:
            outcome["year"] = services.school_year_create(
                actor=actor, starts_on=datetime.date(2028, 1, 1), ends_on=datetime.date(2028, 12, 31)
            )
        except ValidationError as error:
            outcome["error"] = error
        finally:
            connections.close_all()

    second = threading.Thread(target=second_create)
    # The first create stays uncommitted while the second one starts: without the lock the second
    # would not see the first year and both would be written.
    with transaction.atomic():
        services.school_year_create(
            actor=actor, starts_on=datetime.date(2027, 8, 9), ends_on=datetime.date(2028, 7, 31)
        )
        second.start()
        wait_until_blocked_by_us()
    second.join(timeout=30)

    assert "year" not in outcome
    assert isinstance(outcome.get("error"), ValidationError)
    years = SchoolYear.objects.filter(municipality=city.municipality)
    assert years.count() == before + 1
    assert not years.filter(starts_on=datetime.date(2028, 1, 1)).exists()
