# Notifications moved to the notifications app; its migration 0002 copies the rows first.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("schools", "0003_staffassignment_moves_to_roles"),
        ("notifications", "0002_copy_schools_notifications"),
    ]

    operations = [migrations.DeleteModel(name="Notification")]
