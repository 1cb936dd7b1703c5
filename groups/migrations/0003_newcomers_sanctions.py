# Newcomers' pre-moderation (first 2 messages sent, by default) and sanctions (a ban's end is dealt with once).
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("groups", "0002_message_topic_keyset_index")]

    operations = [
        migrations.AddField(
            model_name="ban",
            name="ended_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="group",
            name="premoderation_count",
            field=models.PositiveSmallIntegerField(
                default=2, verbose_name="messages held for review from a new member"
            ),
        ),
    ]
