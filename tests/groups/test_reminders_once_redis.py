"""Meeting reminders with real background work: two Celery workers on Redis send the same due
reminders at the same time, and each reminder e-mail goes out exactly once."""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from urllib.parse import urlparse

import pytest
from celery import Celery
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun, task_prerun
from django.core.mail.backends.locmem import EmailBackend
from django.db import OperationalError, connections
from django.utils import timezone
from kombu.asynchronous import set_event_loop

from config.celery import app as project_app
from groups.notifications import MEETING_REMINDER, reminder_slot
from notifications import services
from notifications.models import Notification, Outcome
from notifications.tasks import send_due_notifications

from .meeting_helpers import meeting_of, school_group

TASK = send_due_notifications.name

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


class SlowBackend(EmailBackend):
    """The outbox, with a moment per message so that the two workers' batches overlap."""

    def send_messages(self, messages):
        time.sleep(0.005)
        return super().send_messages(messages)


def wait_while_locked(execute, sql, params, many, context):
    """SQLite's shared in-memory test database answers a write meeting another connection's lock with
    "table is locked" at once, where a database file (and PostgreSQL) waits: wait here the same way."""
    for _attempt in range(2000):
        try:
            return execute(sql, params, many, context)
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            time.sleep(0.005)
    return execute(sql, params, many, context)


@contextmanager
def real_worker(broker: str) -> Iterator[Celery]:
    """A real worker of an app configured like the project's, on its own queue, as in
    tests/test_background.py. Each worker gets its own event loop: Celery reuses the process's current
    one, and two workers running one loop from two threads would share (and block) each other's reads."""
    queue = f"yhdessa-test-{uuid.uuid4().hex}"
    app = Celery("yhdessa-test", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(
        broker_url=broker,
        task_always_eager=False,
        task_default_queue=queue,
        worker_enable_remote_control=False,
        worker_hijack_root_logger=False,
    )
    set_event_loop(None)
    try:
        with start_worker(app, perform_ping_check=False, shutdown_timeout=30):
            yield app
        with app.connection_for_write() as conn:
            bound = app.amqp.queues[queue](conn.default_channel)
            bound.declare()
            bound.delete()
    finally:
        # No force_close_all() of app.pool: kombu keeps one connection pool per broker address for the
        # whole process, and closing it would break the project app's later (eager) sends.
        app.close()
        set_event_loop(None)
        project_app.set_current()
        project_app.set_default()


def test_two_workers_send_each_meeting_reminder_once(city, mailoutbox, settings, monkeypatch):
    settings.EMAIL_BACKEND = f"{__name__}.SlowBackend"
    broker = settings.CELERY_BROKER_URL
    assert urlparse(broker).scheme in {"redis", "rediss"}
    # Sending is started below from both workers at once, not by the (eager) on-commit hook.
    monkeypatch.setattr(services, "_send_soon", lambda: None)

    meeting = meeting_of(school_group(city), days=7)
    users = [city.principal, city.teacher, city.nurse]
    addresses = [f"jasen{i}@example.fi" for i in range(240)]  # more than one sender batch
    for days in (7, 1):  # both reminders due now (e.g. after the workers were down for a week)
        services.schedule(
            kind=MEETING_REMINDER,
            subject=meeting,
            recipients=[*users, *addresses],
            due_at=timezone.now(),
            municipality=city.municipality,
            slot=reminder_slot(days, meeting.sequence),
        )
    rows = Notification.objects.filter(kind=MEETING_REMINDER)
    assert rows.count() == 2 * (len(users) + len(addresses))

    runs: list[tuple[float, float, int]] = []  # (start, end, delivered) of each sender run
    started: dict[str, float] = {}
    all_done = threading.Event()

    def began(sender=None, task_id=None, **kwargs) -> None:
        if sender is not None and sender.name == TASK:
            connection = connections["default"]  # the worker thread's own
            if connection.vendor == "sqlite" and wait_while_locked not in connection.execute_wrappers:
                connection.execute_wrappers.append(wait_while_locked)
            started[task_id] = time.monotonic()

    def ended(sender=None, task_id=None, retval=None, **kwargs) -> None:
        connections.close_all()  # the worker thread's connection must not outlive the test
        if sender is not None and sender.name == TASK:
            runs.append((started[task_id], time.monotonic(), retval))
            if len(runs) >= 2:
                all_done.set()

    task_prerun.connect(began, weak=False)
    task_postrun.connect(ended, weak=False)
    try:
        with ExitStack() as stack:
            first = stack.enter_context(real_worker(broker))
            second = stack.enter_context(real_worker(broker))
            first.tasks[TASK].delay()
            second.tasks[TASK].delay()
            assert all_done.wait(timeout=60), "the two workers did not both run the sender task"
    finally:
        task_prerun.disconnect(began)
        task_postrun.disconnect(ended)

    # The two runs overlapped: both senders were taking rows at the same time.
    (start_a, end_a, sent_a), (start_b, end_b, sent_b) = runs
    assert start_a < end_b and start_b < end_a
    # Each row went out once: one e-mail per row, each address its 7-day and its 1-day reminder.
    expected = [*(u.email for u in users), *addresses] * 2
    assert sent_a + sent_b == len(expected) == len(mailoutbox)
    assert Counter(m.to[0] for m in mailoutbox) == Counter(expected)
    assert set(rows.values_list("outcome", flat=True)) == {Outcome.SENT}
    assert all(m.subject.startswith("Muistutus:") for m in mailoutbox)
