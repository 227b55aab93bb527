"""Pin each person's default municipality to the one they started in until now (the first of their
active memberships by municipality name), so the new rule (their own choice, else the one they
joined first) moves nobody on deploy."""

from django.db import migrations


def pin_defaults(apps, schema_editor):
    Membership = apps.get_model("schools", "Membership")
    User = apps.get_model("schools", "User")
    pinned: dict[int, int] = {}
    for user_id, municipality_id in (
        Membership.objects.filter(is_active=True, user__default_municipality__isnull=True)
        .order_by("user_id", "municipality__name")
        .values_list("user_id", "municipality_id")
        .iterator()
    ):
        pinned.setdefault(user_id, municipality_id)
    # One update per municipality (in chunks), not one per person.
    by_municipality: dict[int, list[int]] = {}
    for user_id, municipality_id in pinned.items():
        by_municipality.setdefault(municipality_id, []).append(user_id)
    for municipality_id, user_ids in by_municipality.items():
        for start in range(0, len(user_ids), 1000):
            User.objects.filter(pk__in=user_ids[start : start + 1000]).update(
                default_municipality_id=municipality_id
            )


class Migration(migrations.Migration):
    dependencies = [("schools", "0005_text_rules_invitations_default_municipality")]

    operations = [migrations.RunPython(pin_defaults, migrations.RunPython.noop)]
