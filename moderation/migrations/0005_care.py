from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("moderation", "0004_duty")]

    operations = [
        migrations.AddField(
            model_name="queueitem",
            name="outcome",
            field=models.CharField(
                blank=True,
                choices=[
                    ("supported", "Reached and supported"),
                    ("pointed", "Pointed to services"),
                    ("no_answer", "No answer"),
                    ("emergency", "Emergency services called"),
                    ("not_crisis", "Not a crisis"),
                ],
                default="",
                db_default="",
                max_length=12,
                verbose_name="outcome",
            ),
        ),
        migrations.AddField(
            model_name="queueitem",
            name="outcome_note",
            field=models.TextField(blank=True, default="", db_default="", max_length=2000, verbose_name="private note"),
        ),
    ]
