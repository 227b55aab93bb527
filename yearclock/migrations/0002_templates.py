"""Municipalities that existed before the yearclock get their (empty) template."""

from django.db import migrations


def install(apps, schema_editor):
    Municipality = apps.get_model("schools", "Municipality")
    YearclockTemplate = apps.get_model("yearclock", "YearclockTemplate")
    for municipality in Municipality.objects.all():
        YearclockTemplate.objects.get_or_create(municipality=municipality)


class Migration(migrations.Migration):
    dependencies = [("yearclock", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
