"""Copy the role catalog's history (roles.RoleChange) into the audit trail.

From here on the catalog's history page reads audit events. RoleChange stays until a later roles
migration removes it; that migration must depend on this one.
"""

from django.db import migrations

BATCH = 2000


def _reduce(before, after):
    """Only the fields that changed, as audit.services.record keeps them (copied: a migration must not
    import code that may change later)."""
    if before is None or after is None:
        return before, after
    changed = {k for k in {*before, *after} if before.get(k, ...) != after.get(k, ...)}
    if not changed:
        return None
    return {k: v for k, v in before.items() if k in changed}, {k: v for k, v in after.items() if k in changed}


def copy_role_changes(apps, schema_editor):
    db = schema_editor.connection.alias
    RoleChange = apps.get_model("roles", "RoleChange")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    changes = RoleChange.objects.using(db).select_related("role", "changed_by").order_by("changed_at", "id")
    if not changes.exists():
        return
    role_type, _ = ContentType.objects.using(db).get_or_create(app_label="roles", model="role")
    batch = []
    for change in changes.iterator(chunk_size=BATCH):
        # RoleChange kept {} for "nothing" (the before of a creation); the audit trail keeps None.
        sides = _reduce(change.before or None, change.after or None)
        if sides is None:
            continue
        person = change.changed_by
        batch.append(
            AuditEvent(
                municipality_id=change.role.municipality_id,
                actor_id=change.changed_by_id,
                actor_name=(f"{person.first_name} {person.last_name}".strip() or person.email) if person else "",
                at=change.changed_at,
                content_type_id=role_type.pk,
                object_id=change.role_id,
                action=change.action,
                before=sides[0],
                after=sides[1],
                context={},
            )
        )
        if len(batch) >= BATCH:
            AuditEvent.objects.using(db).bulk_create(batch)
            batch = []
    AuditEvent.objects.using(db).bulk_create(batch)


def remove_copied_role_changes(apps, schema_editor):
    db = schema_editor.connection.alias
    AuditEvent = apps.get_model("audit", "AuditEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    role_type = ContentType.objects.using(db).filter(app_label="roles", model="role").first()
    if role_type is not None:
        # The historical model has a plain manager; the append-only trigger (0003) is gone by now.
        AuditEvent.objects.using(db).filter(content_type_id=role_type.pk).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("roles", "0003_actsection_rolechange_rolestool_practicalact_and_more"),
    ]

    operations = [migrations.RunPython(copy_role_changes, remove_copied_role_changes)]
