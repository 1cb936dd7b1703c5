"""Search reads a group's newest messages first: their id range comes from this (group, id) index
(groups/search/query.py, `_recent_ids`)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("groups", "0009_topic_read_marks")]

    operations = [
        migrations.AddIndex(
            model_name="message",
            index=models.Index(fields=["group", "id"], name="message_group_newest"),
        ),
    ]
