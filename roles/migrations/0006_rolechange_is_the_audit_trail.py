# The role catalog's change history now lives in the audit trail; audit.0002 copied every RoleChange.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0005_publishedpdf"),
        ("audit", "0002_copy_role_changes"),
    ]

    operations = [
        migrations.DeleteModel(name="RoleChange"),
    ]
