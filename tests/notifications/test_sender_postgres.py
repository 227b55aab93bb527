"""Concurrent senders on the real PostgreSQL: threads with their own database connections."""

import datetime
import threading
import time

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connections, transaction
from django.utils import timezone

from notifications import services
from notifications.models import Notification, Outcome
from notifications.sender import send_due

from .conftest import KIND


def soon() -> datetime.datetime:
    """Due in a minute, so that scheduling (committed at once in these tests) does not send them yet."""
    return timezone.now() + datetime.timedelta(minutes=1)


def after_due() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(minutes=2)


pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


class SlowBackend(EmailBackend):
    """A mail server that takes a moment per message, so that two senders' batches overlap."""

    def send_messages(self, messages):
        time.sleep(0.02)
        return super().send_messages(messages)


def in_thread(fn, results: dict, name: str) -> threading.Thread:
    def run() -> None:
        try:
            results[name] = fn()
        except BaseException as error:  # reported by the test, not lost in the thread
            results[name] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name=name)
    thread.start()
    return thread


def test_two_senders_at_once_send_each_row_once(city, notice, settings):
    settings.EMAIL_BACKEND = f"{__name__}.SlowBackend"
    addresses = [f"huoltaja{i}@example.fi" for i in range(60)]
    services.schedule(
        kind=KIND, subject=city.school, recipients=addresses, due_at=soon(), municipality=city.municipality
    )
    start = threading.Barrier(2)
    results: dict = {}

    def sender() -> int:
        start.wait(timeout=10)
        return send_due(now=after_due(), batch_size=5)

    threads = [in_thread(sender, results, name) for name in ("a", "b")]
    for thread in threads:
        thread.join(timeout=60)

    assert not any(isinstance(r, BaseException) for r in results.values()), results
    assert sorted(a for m in mail.outbox for a in m.to) == sorted(addresses)  # each exactly once
    assert results["a"] + results["b"] == 60
    assert results["a"] > 0 and results["b"] > 0, "the two senders did not actually run side by side"
    assert set(Notification.objects.values_list("outcome", flat=True)) == {Outcome.SENT}


def test_a_claim_never_waits_for_a_row_another_sender_has_locked(city, notice):
    services.schedule(
        kind=KIND,
        subject=city.school,
        recipients=[city.teacher, city.nurse, city.principal],
        due_at=soon(),
        municipality=city.municipality,
    )
    locked, release = threading.Event(), threading.Event()
    results: dict = {}

    def hold_the_teachers_row() -> None:
        # Another sender in the middle of its claim transaction.
        with transaction.atomic():
            list(Notification.objects.select_for_update().filter(recipient=city.teacher))
            locked.set()
            release.wait(timeout=30)

    holder = in_thread(hold_the_teachers_row, results, "holder")
    assert locked.wait(timeout=10)
    sender = in_thread(lambda: send_due(now=after_due()), results, "sender")
    sender.join(timeout=10)
    finished = not sender.is_alive()
    release.set()
    holder.join(timeout=30)
    sender.join(timeout=30)

    assert finished, "the sender waited for a row locked by another transaction"
    assert results["sender"] == 2
    assert sorted(a for m in mail.outbox for a in m.to) == sorted([city.nurse.email, city.principal.email])
    assert Notification.objects.get(recipient=city.teacher).outcome == ""
