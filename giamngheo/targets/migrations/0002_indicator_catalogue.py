"""Seed the indicator catalogue from giamngheo/targets/indicators.yaml (upsert on code)."""

from django.db import migrations


def load_catalogue(apps, schema_editor):
    from giamngheo.targets.indicators import sync_indicators

    sync_indicators(apps.get_model("targets", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [("targets", "0001_initial")]

    operations = [migrations.RunPython(load_catalogue, migrations.RunPython.noop)]
