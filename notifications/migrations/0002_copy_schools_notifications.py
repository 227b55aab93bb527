"""Copy the rows of the old `schools.Notification` into `notifications.Notification`, keeping what was
sent (schools 0003 then drops the old table).

Old rows name their subject in a string `target`; the roles app wrote two formats:
- "roles_tool_published", "rolestool:<tool id>:rev:<n>" → the same kind about the tool, slot "rev:<n>";
- "roles_deadline_7d" / "roles_deadline_1d", "rolestool:<tool id>:deadline:<ISO date>" → kind
  "roles_deadline_reminder" about the tool, slot "7d:<date>" / "1d:<date>".
Rows that were sent by e-mail count as read in the new inbox, so nobody finds a pile of old unread items.
A row in any other format stops the migration rather than being lost.
"""

import re

from django.db import migrations

PUBLISHED = re.compile(r"^rolestool:(?P<tool>\d+):rev:(?P<revision>\d+)$")
DEADLINE = re.compile(r"^rolestool:(?P<tool>\d+):deadline:(?P<date>\d{4}-\d{2}-\d{2})$")
DEADLINE_KINDS = {"roles_deadline_7d": "7d", "roles_deadline_1d": "1d"}
BATCH = 2000


def _new_kind_subject_slot(kind, target):
    if kind == "roles_tool_published" and (match := PUBLISHED.match(target)):
        return kind, int(match["tool"]), f"rev:{match['revision']}"
    if kind in DEADLINE_KINDS and (match := DEADLINE.match(target)):
        return "roles_deadline_reminder", int(match["tool"]), f"{DEADLINE_KINDS[kind]}:{match['date']}"
    raise RuntimeError(f"schools.Notification: cannot copy kind {kind!r} with target {target!r}")


def copy_forward(apps, schema_editor):
    Old = apps.get_model("schools", "Notification")
    New = apps.get_model("notifications", "Notification")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not Old.objects.exists():
        return
    tool_type, _created = ContentType.objects.get_or_create(app_label="roles", model="rolestool")
    rows = []
    for old in Old.objects.order_by("pk").iterator(chunk_size=BATCH):
        kind, tool_id, slot = _new_kind_subject_slot(old.kind, old.target)
        rows.append(
            New(
                municipality_id=old.municipality_id,
                kind=kind,
                subject_type_id=tool_type.pk,
                subject_id=tool_id,
                recipient_id=old.recipient_id,
                slot=slot,
                due_at=old.due_at,
                sent_at=old.sent_at,
                outcome=old.outcome,
                channel="email" if old.outcome == "sent" else "",
                read_at=old.sent_at if old.outcome == "sent" else None,
                created_at=old.created_at,
            )
        )
        if len(rows) >= BATCH:
            New.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    New.objects.bulk_create(rows, ignore_conflicts=True)


def copy_backward(apps, schema_editor):
    """Back to the old table: the rows about roles tools (the only ones the old model could hold)."""
    Old = apps.get_model("schools", "Notification")
    New = apps.get_model("notifications", "Notification")
    ContentType = apps.get_model("contenttypes", "ContentType")
    tool_type = ContentType.objects.filter(app_label="roles", model="rolestool").first()
    if tool_type is None:
        return
    rows = []
    for new in New.objects.filter(subject_type=tool_type, recipient__isnull=False).order_by("pk"):
        if new.kind == "roles_tool_published":
            kind, target = new.kind, f"rolestool:{new.subject_id}:{new.slot}"
        elif new.kind == "roles_deadline_reminder" and ":" in new.slot:
            days, date = new.slot.split(":", 1)
            kind, target = f"roles_deadline_{days}", f"rolestool:{new.subject_id}:deadline:{date}"
        else:
            continue
        outcome = new.outcome if new.outcome in ("sent", "skipped") else ("skipped" if new.outcome else "")
        rows.append(
            Old(
                municipality_id=new.municipality_id,
                kind=kind,
                target=target,
                recipient_id=new.recipient_id,
                due_at=new.due_at,
                sent_at=new.sent_at,
                outcome=outcome,
            )
        )
    Old.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("schools", "0002_notification"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(copy_forward, copy_backward)]
