from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_sanction_notifications")]

    # Choices only (no schema change); the newest migration of this chain lists every kind.
    operations = [
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("reply", "A reply in a topic you follow"),
                    ("mention", "A mention of your pseudonym"),
                    ("join_decided", "Your join request was decided"),
                    ("message_approved", "Your message was approved"),
                    ("message_removed", "Your message was removed"),
                    ("message_warned", "A moderator sent you a warning"),
                    ("message_hidden", "Your message was hidden after reports"),
                    ("join_request", "A new join request (moderators)"),
                    ("urgent", "An urgent flag (moderators)"),
                    ("alert", "A harm-reduction alert"),
                    ("support", "A message in a private support conversation"),
                ],
                max_length=20,
            ),
        ),
    ]
