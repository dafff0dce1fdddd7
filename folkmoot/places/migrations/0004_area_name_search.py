"""A trigram index on area names, for the directory's search by part of a name (PostgreSQL
only: SQLite reads its few rows without one)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


def on_postgresql(sql: str):
    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("places", "0003_area_choices_index")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(
            on_postgresql(
                "CREATE INDEX area_name_search ON places_area USING gin (UPPER(name) gin_trgm_ops)"
            ),
            on_postgresql("DROP INDEX area_name_search"),
        ),
    ]
