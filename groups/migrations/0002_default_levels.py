"""Municipalities that existed before groups start with the customer's four levels."""

from django.db import migrations

LEVELS = (
    (1, "Kaupungin opiskeluhuoltoryhmä", "Stadens elevhälsogrupp", "municipality"),
    (2, "Koulukeskuksen opiskeluhuoltoryhmä", "Skolcentrets elevhälsogrupp", "school"),
    (3, "Vaiheryhmä", "Stadiegrupp", "stage"),
    (4, "Työryhmä", "Arbetsgrupp", "parent"),
)


def install(apps, schema_editor):
    Municipality = apps.get_model("schools", "Municipality")
    GroupLevel = apps.get_model("groups", "GroupLevel")
    for municipality in Municipality.objects.all():
        if not GroupLevel.objects.filter(municipality=municipality).exists():
            GroupLevel.objects.bulk_create(
                GroupLevel(municipality=municipality, order=o, name_fi=fi, name_sv=sv, attaches_to=a)
                for o, fi, sv, a in LEVELS
            )


class Migration(migrations.Migration):
    dependencies = [("groups", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
