"""Load the Government, the ministries and the provinces with their 2025 successions from data/*.json."""

from django.db import migrations

from cms.units.services import units_load, units_unload


def load(apps, schema_editor):
    units_load(
        unit_model=apps.get_model("units", "Unit"), succession_model=apps.get_model("units", "UnitSuccession")
    )


def unload(apps, schema_editor):
    units_unload(
        unit_model=apps.get_model("units", "Unit"), succession_model=apps.get_model("units", "UnitSuccession")
    )


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
