"""Background work for real: a Celery worker consumes our tasks through the embedded filesystem
transport and, when REDIS_URL is set, through Redis; invitations (notification rows, sent by the
notifications sender task) go out only after commit."""

from __future__ import annotations

import os
import re
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlparse

import pytest
from celery import Celery
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connections
from django.urls import resolve

from config.celery import app as project_app
from notifications.account_mail import INVITATION, invitation_schedule
from notifications.models import Notification, Outcome
from notifications.tasks import send_due_notifications
from schools import services
from schools.models import Membership, User

TASK = send_due_notifications.name


@contextmanager
def running_worker(**conf: object) -> Iterator[tuple[Celery, threading.Event]]:
    """A real worker thread for an app configured like the project's, on its own queue.

    The app is a fresh one (the suite's shared app stays eager); its own queue keeps parallel test
    processes and other runs on the same broker from taking each other's messages.
    Yields the app and an event set when our task has finished in the worker.
    """
    queue = f"yhdessa-test-{uuid.uuid4().hex}"
    app = Celery("yhdessa-test", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(
        task_always_eager=False,
        task_default_queue=queue,
        worker_enable_remote_control=False,
        worker_hijack_root_logger=False,
        **conf,
    )
    done = threading.Event()

    def finished(sender=None, **kwargs) -> None:
        # Runs in the worker thread: its database connection must not outlive the test.
        connections.close_all()
        if sender is not None and sender.name == TASK:
            done.set()

    task_postrun.connect(finished, weak=False)
    try:
        with start_worker(app, perform_ping_check=False, shutdown_timeout=30):
            yield app, done
        with app.connection_for_write() as conn:
            # Declared on this connection first, so that the delete also drops the binding keys.
            bound = app.amqp.queues[queue](conn.default_channel)
            bound.declare()
            bound.delete()
    finally:
        task_postrun.disconnect(finished)
        if app._pool is not None:
            app.pool.force_close_all()
        app.close()
        # start_worker made the test app the current one; the rest of the suite uses the project's.
        project_app.set_current()
        project_app.set_default()


def set_password_link(body: str, user: User) -> bool:
    """True if the mail body carries a working set-password link for the user."""
    match = re.search(re.escape(settings.SITE_URL) + r"(/\S+)", body)
    if not match:
        return False
    route = resolve(match.group(1))
    return route.url_name == "invitation_accept" and default_token_generator.check_token(
        user, route.kwargs["token"]
    )


def invite(actor, email: str = "uusi.opettaja@example.fi") -> Membership:
    return services.member_invite(actor=actor, email=email, first_name="Uusi", last_name="Opettaja")


@pytest.mark.django_db(transaction=True)
def test_filesystem_transport_delivers_invitation_through_a_real_worker(
    city, actor_for, mailoutbox, tmp_path
):
    queue = tmp_path / "queue"
    for folder in ("queue", "processed", "control"):
        (tmp_path / folder).mkdir()
    options = {
        "data_folder_in": str(queue),
        "data_folder_out": str(queue),
        "processed_folder": str(tmp_path / "processed"),
        "control_folder": str(tmp_path / "control"),
    }
    with running_worker(broker_url="filesystem://", broker_transport_options=options) as (_app, done):
        # The real service: it commits, then its on_commit hook queues the sender task as a file.
        membership = invite(actor_for(city.coordinator))
        assert done.wait(timeout=20), "the worker did not run the sender task"

    assert [m.to for m in mailoutbox] == [[membership.user.email]]
    row = Notification.objects.get(kind=INVITATION, recipient=membership.user)
    assert row.outcome == Outcome.SENT and row.subject == membership
    assert set_password_link(mailoutbox[0].body, membership.user)
    assert list(queue.iterdir()) == [], "the message file was not consumed"


@pytest.mark.django_db
def test_invitation_is_queued_only_after_commit(
    city, actor_for, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        membership = invite(actor_for(city.coordinator))
    assert mailoutbox == []  # nothing is sent while the transaction may still roll back
    assert len(callbacks) == 1
    assert Notification.objects.filter(kind=INVITATION, recipient=membership.user).exists()

    callbacks[0]()  # the commit: the (eager) task sends the mail
    assert [m.to for m in mailoutbox] == [[membership.user.email]]
    assert set_password_link(mailoutbox[0].body, membership.user)


@pytest.mark.django_db
def test_second_invitation_of_the_same_email_is_refused_and_writes_nothing(
    city, actor_for, mailoutbox, django_capture_on_commit_callbacks
):
    actor = actor_for(city.coordinator)
    invite(actor, "sama@example.fi")
    before = (User.objects.count(), Membership.objects.count())

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValidationError) as refused,
    ):
        invite(actor, "  SAMA@example.fi ")

    assert "email" in refused.value.message_dict
    assert callbacks == []
    assert (User.objects.count(), Membership.objects.count()) == before
    assert Notification.objects.filter(kind=INVITATION).count() == 1  # the first invitation's only
    assert mailoutbox == []


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_redis_worker_sends_invitation(city, mailoutbox):
    # With REDIS_URL set, the settings route Celery through it (unless CELERY_BROKER_URL says otherwise).
    broker = settings.CELERY_BROKER_URL
    assert urlparse(broker).scheme in {"redis", "rediss"}
    user = User.objects.create(email="kuraattori@example.fi", first_name="Kaarina", last_name="Kuraattori")
    user.set_unusable_password()
    user.save()
    membership = Membership.objects.create(user=user, municipality=city.municipality)

    invitation_schedule(membership_id=membership.pk)

    with running_worker(broker_url=broker) as (app, done):
        app.tasks[TASK].delay()
        assert done.wait(timeout=20), "the worker did not run the sender task"

    assert [m.to for m in mailoutbox] == [[user.email]]
    assert set_password_link(mailoutbox[0].body, user)


@pytest.mark.redis
def test_cache_round_trips_through_redis():
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert settings.CACHES["default"]["LOCATION"] == os.environ["REDIS_URL"]
    key = f"yhdessa-test-{uuid.uuid4().hex}"
    try:
        cache.set(key, {"kunta": "Esimerkkilä", "koulut": 3}, timeout=60)
        assert cache.get(key) == {"kunta": "Esimerkkilä", "koulut": 3}
    finally:
        cache.delete(key)
    assert cache.get(key) is None
