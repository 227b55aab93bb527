"""PostgreSQL only: refuse UPDATE and DELETE of audit events in the database itself, and index the
context for `selectors.history_with_context` (containment, @>). Other databases rely on the model's
guards.

The one update let through is Django clearing `actor` when the person's account is deleted
(on_delete=SET_NULL); every other column must stay as it was. TRUNCATE (the test suite's flush) is
not a row operation and is not affected.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL
       AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE INDEX audit_event_context_gin ON {table} USING gin (context jsonb_path_ops);
"""

BACKWARD = """
DROP INDEX IF EXISTS audit_event_context_gin;
DROP TRIGGER IF EXISTS audit_event_append_only ON {table};
DROP FUNCTION IF EXISTS audit_event_append_only();
"""


def _run(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        table = schema_editor.quote_name(apps.get_model("audit", "AuditEvent")._meta.db_table)
        schema_editor.execute(sql.format(table=table), params=None)  # no %-interpolation of the SQL

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_copy_role_changes")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
