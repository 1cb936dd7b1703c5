from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_care_notifications")]

    # Choices only (no schema change): every notification kind, as the newest migration of this chain lists them.
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
                    ("messages_shown", "Your waiting messages are visible now"),
                    ("muted", "A moderator muted you"),
                    ("banned", "A moderator banned you"),
                    ("ban_ended", "Your ban ended"),
                    ("removed", "A moderator removed you from a group"),
                    ("standing_question", "A sanctioned member wrote to the moderators"),
                    ("support", "A message in a private support conversation"),
                ],
                max_length=20,
            ),
        ),
    ]
