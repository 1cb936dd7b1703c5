# Crisis words and resources as shipped data (distress detection).
#
# Every install gets the built-in crisis words, informational words and crisis
# resources (moderation/alerts/crisis.py), editable by staff in the admin afterwards.
# Rows seeded by earlier versions are kept: the informational ones ("overdose",
# "suicide"...) become INFO words instead of crisis words, the "verify before
# use" note leaves the public descriptions (it lives in the admin), and the
# placeholder "Local crisis helpline" (no number, no address) is hidden.
from django.db import migrations, models


def install(apps, schema_editor):
    from moderation.alerts import crisis

    WatchedWord = apps.get_model("moderation", "WatchedWord")
    CrisisResource = apps.get_model("moderation", "CrisisResource")
    WatchedWord.objects.filter(
        pattern__in=crisis.FORMER_CRISIS_WORDS, group__isnull=True, is_regex=False, action="crisis"
    ).update(action="info")
    for resource in CrisisResource.objects.filter(description__endswith=crisis.FORMER_VERIFY_NOTE):
        resource.description = resource.description[: -len(crisis.FORMER_VERIFY_NOTE)]
        resource.save(update_fields=["description"])
    CrisisResource.objects.filter(name="Local crisis helpline", phone="", url="").update(active=False)
    crisis.install(WatchedWord, CrisisResource)


def informational_back_to_crisis(apps, schema_editor):
    """Reversing keeps the data (staff may have edited it) but leaves no INFO action behind."""
    WatchedWord = apps.get_model("moderation", "WatchedWord")
    WatchedWord.objects.filter(action="info").update(action="crisis")


class Migration(migrations.Migration):
    dependencies = [("moderation", "0002_alerts_bad_batch_crisis")]

    operations = [
        migrations.AlterField(
            model_name="watchedword",
            name="action",
            field=models.CharField(
                choices=[
                    ("refuse", "Refuse, telling the author why"),
                    ("hold", "Hold for a moderator"),
                    ("urgent", "Publish, and flag as urgent for moderators"),
                    ("crisis", "Crisis words: publish, offer help, flag as urgent"),
                    ("info", "Informational: noted; urgent only in the group kinds set to flag it"),
                ],
                max_length=10,
                verbose_name="action",
            ),
        ),
        migrations.RunPython(install, informational_back_to_crisis),
    ]
