"""Topic.version gets a database default too: rows written without the ORM (the bench's COPY, raw SQL) start at 0.

On PostgreSQL one ALTER; SQLite is left as it is (the ORM always writes the column there, and changing the
column would make Django rebuild the table, which drops its trigger from 0015).
"""

from django.db import migrations, models


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE groups_topic ALTER COLUMN version SET DEFAULT 0")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE groups_topic ALTER COLUMN version DROP DEFAULT")


class Migration(migrations.Migration):
    dependencies = [("groups", "0015_topic_version")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="topic",
                    name="version",
                    field=models.PositiveBigIntegerField(db_default=0, default=0, editable=False),
                )
            ],
            database_operations=[migrations.RunPython(forward, backward)],
        )
    ]
