# Staffing moves here from schools: the model's state is created over the existing table (renamed), so
# every row is kept.
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0003_actsection_rolechange_rolestool_practicalact_and_more"),
        ("schools", "0003_staffassignment_moves_to_roles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="StaffAssignment",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                        ("role", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="assignments", to="roles.role", verbose_name="role")),
                        ("school", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="assignments", to="schools.school", verbose_name="school")),
                        ("school_year", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="assignments", to="schools.schoolyear", verbose_name="school year")),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="assignments", to=settings.AUTH_USER_MODEL, verbose_name="person")),
                    ],
                    options={
                        "verbose_name": "staff assignment",
                        "verbose_name_plural": "staff assignments",
                        "ordering": ["school__name", "role__order", "user__last_name"],
                        "db_table": "schools_staffassignment",
                        "indexes": [
                            models.Index(fields=["school", "school_year"], name="schools_sta_school__e6ab38_idx"),
                            models.Index(fields=["user", "school_year"], name="schools_sta_user_id_e4ff23_idx"),
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "school", "role", "school_year"),
                                name="assignment_unique",
                                violation_error_message="This person already holds this role at this school in this school year.",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="staffassignment", table=None),
    ]
