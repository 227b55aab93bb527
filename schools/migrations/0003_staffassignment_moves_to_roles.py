# Staffing moves to the roles app (layer 3), which owns the role catalog it points to. The table and
# its rows stay; roles.0004 takes the model over and renames the table.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("schools", "0002_notification"),
        ("roles", "0003_actsection_rolechange_rolestool_practicalact_and_more"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="StaffAssignment")],
            database_operations=[],
        ),
    ]
