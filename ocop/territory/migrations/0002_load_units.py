"""Load today's and the legacy administrative units with their successions and coverage.

The logic lives in ocop/territory/loading.py and receives the historical models, so this
migration keeps working when the models change later.
"""

from datetime import date

from django.db import migrations


def load(apps, schema_editor):
    from ocop.territory.loading import build_coverage, load_units

    unit = apps.get_model("territory", "AdministrativeUnit")
    succession = apps.get_model("territory", "UnitSuccession")
    coverage = apps.get_model("territory", "UnitCoverage")
    load_units(unit, succession)
    build_coverage(unit, succession, coverage, today=date.today())


def unload(apps, schema_editor):
    from ocop.territory.loading import unload_units

    unload_units(
        apps.get_model("territory", "AdministrativeUnit"),
        apps.get_model("territory", "UnitSuccession"),
        apps.get_model("territory", "UnitCoverage"),
    )


class Migration(migrations.Migration):

    dependencies = [
        ("territory", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load, unload),
    ]
