"""The private recovery companion: everything here belongs to one member (`owner`) alone.

No view lists another person's rows (accounts/companion/access.py filters by owner), nothing is
registered in the Django admin, the text is encrypted at rest (crypto.EncryptedTextField), and every
row goes with the account (CASCADE). InfoPage is the exception: public information managed by staff.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups import limits

from .crypto import EncryptedTextField

__all__ = [
    "Appointment",
    "CheckIn",
    "DiaryEntry",
    "DoseReminder",
    "InfoPage",
    "Milestone",
    "ReminderSent",
    "SowsScore",
    "TaperPlan",
    "TaperStep",
]

OWNER = {"to": settings.AUTH_USER_MODEL, "on_delete": models.CASCADE, "related_name": "+"}


def score(label):
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )


class DiaryEntry(models.Model):
    owner = models.ForeignKey(**OWNER)
    day = models.DateField(_("day"), default=timezone.localdate)
    body = EncryptedTextField(_("entry"))  # Markdown source; rendered through moderation/sanitize.py
    tags = EncryptedTextField(_("tags"), blank=True, default="")  # comma-separated
    mood = score(_("mood (0–10)"))
    craving = score(_("craving (0–10)"))
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day", "-id"]

    def tag_list(self):
        return [t.strip() for t in self.tags.split(",") if t.strip()]


class CheckIn(models.Model):
    """The daily mood / craving / sleep check-in (one a day; a second one replaces the first)."""

    owner = models.ForeignKey(**OWNER)
    day = models.DateField(_("day"), default=timezone.localdate)
    mood = score(_("mood (0–10)"))
    craving = score(_("craving (0–10)"))
    sleep_hours = models.PositiveSmallIntegerField(
        _("hours of sleep"), null=True, blank=True, validators=[MaxValueValidator(24)]
    )
    note = EncryptedTextField(_("note"), blank=True, default="")

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["owner", "day"], name="companion_one_checkin_a_day")]


class SowsScore(models.Model):
    """One Subjective Opiate Withdrawal Scale: 16 answers 0–4, total 0–64."""

    owner = models.ForeignKey(**OWNER)
    taken_at = models.DateTimeField(default=timezone.now)
    answers = models.JSONField(default=list)
    total = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-taken_at"]


class TaperPlan(models.Model):
    """Steps of dose and duration from `start_date`. Pauses and steps back only move `offset_days`."""

    owner = models.ForeignKey(**OWNER)
    medication = EncryptedTextField(_("medicine"), blank=True, default="")
    start_date = models.DateField(_("first day"))
    offset_days = models.IntegerField(default=0)
    paused_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]


class TaperStep(models.Model):
    plan = models.ForeignKey(TaperPlan, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    dose = models.DecimalField(_("dose"), max_digits=7, decimal_places=2, validators=[MinValueValidator(0)])
    unit = models.CharField(_("unit"), max_length=12, default="mg")
    days = models.PositiveSmallIntegerField(_("days"), validators=[MinValueValidator(1), MaxValueValidator(3650)])

    class Meta:
        ordering = ["order"]


class Appointment(models.Model):
    owner = models.ForeignKey(**OWNER)
    at = models.DateTimeField(_("when"))
    title = EncryptedTextField(_("what"))
    remind_minutes_before = models.PositiveIntegerField(_("remind me (minutes before)"), default=60)

    class Meta:
        ordering = ["at"]


class DoseReminder(models.Model):
    """A daily reminder at a local time (settings.TIME_ZONE)."""

    owner = models.ForeignKey(**OWNER)
    time_of_day = models.TimeField(_("time of day"))
    label = EncryptedTextField(_("label (only you see it)"), blank=True, default="")
    active = models.BooleanField(_("on"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["time_of_day"]


class ReminderSent(models.Model):
    """One reminder sent, by its key ("appointment:<id>:<time>", "dose:<id>:<day>"): never twice."""

    owner = models.ForeignKey(**OWNER)
    key = models.CharField(max_length=80, unique=True)
    sent_at = models.DateTimeField(default=timezone.now)


class Milestone(models.Model):
    """A day the member counts from ("days since …")."""

    owner = models.ForeignKey(**OWNER)
    label = EncryptedTextField(_("what you count"))
    since = models.DateField(_("since"))

    class Meta:
        ordering = ["since", "id"]

    def days(self, today=None):
        return ((today or timezone.localdate()) - self.since).days


class InfoPage(models.Model):
    """Information on treatment and recovery, per language, written by staff (public to members)."""

    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    slug = models.SlugField(_("address"), max_length=80)
    title = models.CharField(_("title"), max_length=limits.TITLE)
    body = models.TextField(_("text (Markdown)"))
    is_demo = models.BooleanField(_("demo text"), default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]
        constraints = [models.UniqueConstraint(fields=["language", "slug"], name="companion_one_page_per_language")]

    def __str__(self):
        return self.title
