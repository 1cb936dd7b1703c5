# Reserved for: the duty rota and escalation. Fill in the operations (keep this file's name and dependencies).
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("moderation", "0003_distress")]

    operations = [
        migrations.CreateModel(
            name="DutySlot",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "weekday",
                    models.PositiveSmallIntegerField(
                        choices=[
                            (0, "Monday"),
                            (1, "Tuesday"),
                            (2, "Wednesday"),
                            (3, "Thursday"),
                            (4, "Friday"),
                            (5, "Saturday"),
                            (6, "Sunday"),
                        ],
                        verbose_name="weekday",
                    ),
                ),
                ("start_time", models.TimeField(verbose_name="from")),
                (
                    "end_time",
                    models.TimeField(
                        help_text="An end at or before the start ends the next day.", verbose_name="until"
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "group",
                    models.ForeignKey(
                        blank=True,
                        help_text="Empty: every group you moderate.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="duty_slots",
                        to="groups.group",
                        verbose_name="group",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="duty_slots",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "weekly duty slot",
                "verbose_name_plural": "weekly duty slots",
                "ordering": ["weekday", "start_time", "id"],
            },
        ),
        migrations.CreateModel(
            name="DutyShift",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("starts_at", models.DateTimeField(verbose_name="starts")),
                ("ends_at", models.DateTimeField(verbose_name="ends")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "group",
                    models.ForeignKey(
                        blank=True,
                        help_text="Empty: every group you moderate.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="duty_shifts",
                        to="groups.group",
                        verbose_name="group",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="duty_shifts",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "one-off duty shift",
                "verbose_name_plural": "one-off duty shifts",
                "ordering": ["starts_at", "id"],
                "indexes": [models.Index(fields=["ends_at", "starts_at"], name="duty_shift_window")],
            },
        ),
        migrations.CreateModel(
            name="UrgentEscalation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "stage",
                    models.PositiveSmallIntegerField(
                        choices=[(1, "People on duty"), (2, "All of the group's moderators"), (3, "Staff")], default=1
                    ),
                ),
                ("stage_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "item",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="escalation",
                        to="moderation.queueitem",
                    ),
                ),
            ],
            options={"indexes": [models.Index(fields=["stage", "stage_at"], name="escalation_due")]},
        ),
    ]
