"""A trigram index on assembly names, for the directory's search by part of a name
(PostgreSQL only, with the extension places.0004 creates)."""

from django.db import migrations


def on_postgresql(sql: str):
    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("assemblies", "0004_directory_order"),
        ("places", "0004_area_name_search"),
    ]

    operations = [
        migrations.RunPython(
            on_postgresql(
                "CREATE INDEX assembly_name_search ON assemblies_assembly "
                "USING gin (UPPER(name) gin_trgm_ops)"
            ),
            on_postgresql("DROP INDEX assembly_name_search"),
        ),
    ]
