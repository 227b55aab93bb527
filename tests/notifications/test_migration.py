"""The data migration: rows of the old schools.Notification arrive in notifications.Notification with
their kind, subject, slot and sent state; the schools table is dropped after."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from notifications.models import Notification
from roles.notifications import DEADLINE_REMINDER, TOOL_PUBLISHED

BEFORE = [("schools", "0002_notification"), ("notifications", None)]


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_old_notifications_are_copied_keeping_what_was_sent():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old_apps = migrate(BEFORE).loader.project_state(BEFORE[0]).apps
        Municipality = old_apps.get_model("schools", "Municipality")
        User = old_apps.get_model("schools", "User")
        Old = old_apps.get_model("schools", "Notification")
        town = Municipality.objects.create(name="Vanhala", slug="vanhala")
        person = User.objects.create(email="vanha@vanhala.fi", first_name="V", last_name="H", password="!")
        sent_at = timezone.now() - datetime.timedelta(days=3)
        due = timezone.now() - datetime.timedelta(days=4)
        common = {"municipality": town, "recipient": person, "due_at": due}
        Old.objects.create(
            kind="roles_tool_published", target="rolestool:7:rev:2", sent_at=sent_at, outcome="sent", **common
        )
        Old.objects.create(kind="roles_deadline_7d", target="rolestool:7:deadline:2026-12-18", **common)
        Old.objects.create(
            kind="roles_deadline_1d",
            target="rolestool:7:deadline:2026-12-18",
            sent_at=sent_at,
            outcome="skipped",
            **common,
        )

        migrate(latest)
    finally:
        migrate(latest)

    tool_type = ContentType.objects.get(app_label="roles", model="rolestool")
    rows = {
        (r.kind, r.slot): r
        for r in Notification.objects.filter(subject_type=tool_type, subject_id=7).select_related("recipient")
    }
    assert set(rows) == {
        (TOOL_PUBLISHED, "rev:2"),
        (DEADLINE_REMINDER, "7d:2026-12-18"),
        (DEADLINE_REMINDER, "1d:2026-12-18"),
    }
    published = rows[TOOL_PUBLISHED, "rev:2"]
    assert (published.outcome, published.sent_at, published.read_at) == ("sent", sent_at, sent_at)
    assert published.recipient.email == "vanha@vanhala.fi" and published.municipality.slug == "vanhala"
    pending = rows[DEADLINE_REMINDER, "7d:2026-12-18"]
    assert (pending.outcome, pending.sent_at, pending.due_at) == ("", None, due)
    assert rows[DEADLINE_REMINDER, "1d:2026-12-18"].outcome == "skipped"
    assert "schools_notification" not in connection.introspection.table_names()
