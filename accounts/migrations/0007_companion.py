# The private recovery companion (accounts/companion/), and the REMINDER notification kind.
import accounts.companion.crypto
import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_duty_notifications")]

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
                    ("reminder", "A reminder you set in your companion"),
                ],
                max_length=20,
            ),
        ),
        migrations.CreateModel(
            name="Appointment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(verbose_name="when")),
                ("title", accounts.companion.crypto.EncryptedTextField(verbose_name="what")),
                (
                    "remind_minutes_before",
                    models.PositiveIntegerField(default=60, verbose_name="remind me (minutes before)"),
                ),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "ordering": ["at"],
            },
        ),
        migrations.CreateModel(
            name="DiaryEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("day", models.DateField(default=django.utils.timezone.localdate, verbose_name="day")),
                ("body", accounts.companion.crypto.EncryptedTextField(verbose_name="entry")),
                ("tags", accounts.companion.crypto.EncryptedTextField(blank=True, default="", verbose_name="tags")),
                (
                    "mood",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(10),
                        ],
                        verbose_name="mood (0–10)",
                    ),
                ),
                (
                    "craving",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(10),
                        ],
                        verbose_name="craving (0–10)",
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "ordering": ["-day", "-id"],
            },
        ),
        migrations.CreateModel(
            name="DoseReminder",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("time_of_day", models.TimeField(verbose_name="time of day")),
                (
                    "label",
                    accounts.companion.crypto.EncryptedTextField(
                        blank=True, default="", verbose_name="label (only you see it)"
                    ),
                ),
                ("active", models.BooleanField(default=True, verbose_name="on")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "ordering": ["time_of_day"],
            },
        ),
        migrations.CreateModel(
            name="InfoPage",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "language",
                    models.CharField(
                        choices=[("en", "English"), ("fi", "Finnish"), ("sv", "Swedish")],
                        max_length=8,
                        verbose_name="language",
                    ),
                ),
                ("slug", models.SlugField(max_length=80, verbose_name="address")),
                ("title", models.CharField(max_length=150, verbose_name="title")),
                ("body", models.TextField(verbose_name="text (Markdown)")),
                ("is_demo", models.BooleanField(default=False, verbose_name="demo text")),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "ordering": ["title"],
                "constraints": [
                    models.UniqueConstraint(fields=("language", "slug"), name="companion_one_page_per_language")
                ],
            },
        ),
        migrations.CreateModel(
            name="Milestone",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("label", accounts.companion.crypto.EncryptedTextField(verbose_name="what you count")),
                ("since", models.DateField(verbose_name="since")),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "ordering": ["since", "id"],
            },
        ),
        migrations.CreateModel(
            name="ReminderSent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=80, unique=True)),
                ("sent_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="SowsScore",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("taken_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("answers", models.JSONField(default=list)),
                ("total", models.PositiveSmallIntegerField()),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "ordering": ["-taken_at"],
            },
        ),
        migrations.CreateModel(
            name="TaperPlan",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "medication",
                    accounts.companion.crypto.EncryptedTextField(blank=True, default="", verbose_name="medicine"),
                ),
                ("start_date", models.DateField(verbose_name="first day")),
                ("offset_days", models.IntegerField(default=0)),
                ("paused_on", models.DateField(blank=True, null=True)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="TaperStep",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("order", models.PositiveSmallIntegerField()),
                (
                    "dose",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=7,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="dose",
                    ),
                ),
                ("unit", models.CharField(default="mg", max_length=12, verbose_name="unit")),
                (
                    "days",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(3650),
                        ],
                        verbose_name="days",
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="steps", to="accounts.taperplan"
                    ),
                ),
            ],
            options={
                "ordering": ["order"],
            },
        ),
        migrations.CreateModel(
            name="CheckIn",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("day", models.DateField(default=django.utils.timezone.localdate, verbose_name="day")),
                (
                    "mood",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(10),
                        ],
                        verbose_name="mood (0–10)",
                    ),
                ),
                (
                    "craving",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(10),
                        ],
                        verbose_name="craving (0–10)",
                    ),
                ),
                (
                    "sleep_hours",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[django.core.validators.MaxValueValidator(24)],
                        verbose_name="hours of sleep",
                    ),
                ),
                ("note", accounts.companion.crypto.EncryptedTextField(blank=True, default="", verbose_name="note")),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "ordering": ["-day"],
                "constraints": [models.UniqueConstraint(fields=("owner", "day"), name="companion_one_checkin_a_day")],
            },
        ),
    ]
