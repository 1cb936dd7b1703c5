"""Pages of one topic read through message_topic_keyset (topic, id), not by reading the whole topic (issue 16).

PostgreSQL misjudged a chat window: every query of the gate says both `group_id = g` and `topic_id = t`, and the
planner, taking the two as independent, expected a chat of 1,700 messages to hold 70, read all of it through
the index on the topic alone and sorted it, or walked the primary key past every other group's messages. The
statistics object tells it that a topic decides its group; the index on the topic alone goes (the keyset index
begins with the topic and serves every lookup by it).
"""

import django.db.models.deletion
from django.db import migrations, models

STATISTICS = "groups_message_topic_group"


def _topic_only_indexes(schema_editor):
    """The names of the indexes on groups_message(topic_id) alone (Django named it from a hash)."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, "groups_message")
    return [
        name
        for name, about in found.items()
        if about["index"] and not about["unique"] and not about["primary_key"] and about["columns"] == ["topic_id"]
    ]


def drop_topic_index(apps, schema_editor):
    """Dropped by name: an AlterField would make SQLite rebuild the table, which its triggers do not survive."""
    for name in _topic_only_indexes(schema_editor):
        schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


def restore_topic_index(apps, schema_editor):
    if not _topic_only_indexes(schema_editor):
        schema_editor.execute("CREATE INDEX groups_message_topic_id_9afd786c ON groups_message (topic_id)")


def create_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE STATISTICS IF NOT EXISTS {STATISTICS} (dependencies) ON topic_id, group_id FROM groups_message"
        )
        schema_editor.execute("ANALYZE groups_message")


def drop_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")


class Migration(migrations.Migration):
    dependencies = [("groups", "0016_topic_version_db_default")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="message",
                    name="topic",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="messages",
                        to="groups.topic",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop_topic_index, restore_topic_index, elidable=False)],
        ),
        migrations.RunPython(create_statistics, drop_statistics, elidable=False),
    ]
