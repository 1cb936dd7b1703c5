"""Anonymous surveys, by construction.

Two sides, never joined:

- the *staff side* (Survey, Question, Choice, SurveyAuthor, AlertFeedback) says what is asked, of whom, by whom;
- the *answer side* (Response, Answer) holds what was answered: no person, no membership, no time finer than the
  day, at most the target group the person answered in. Its primary keys are random, so the order of rows says
  nothing about who answered when.

"This person has answered" is an AnsweredMark: an HMAC of (person, survey) under a key of its own
(settings.SURVEY_HMAC_KEY), with no reference to any response and deleted when the survey closes.
tests/surveys/test_anonymity_schema.py reads these models and fails if the answer side can reach a person.

The author of a survey and the alert a feedback survey belongs to live in side tables (SurveyAuthor,
AlertFeedback), so that no foreign key leads from an answer to any user row, even a staff member's.

What is left, and why the marks go at closing: while a survey is open, someone holding both a copy of the database
and SURVEY_HMAC_KEY (that is, the server itself) could recompute a person's mark and guess their response from the
physical order of rows (SQLite's rowid, PostgreSQL's heap order), since both are written in one transaction.
Deleting the marks when the survey closes ends that; no key, no log and no table links them otherwise.
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.models import Group

TITLE_LIMIT = 200
TEXT_LIMIT = 1000
FREE_TEXT_LIMIT = 500

# The open surveys' ids, remembered by surveys/answering.py:open_survey_ids.
OPEN_KEY = "surveys:open-ids"


def forget_open_surveys():
    """A survey was saved or closed: the next page asks the database again."""
    cache.delete(OPEN_KEY)


class Survey(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")

    class Kind(models.TextChoices):
        SURVEY = "survey", _("Survey")
        ALERT_FEEDBACK = "alert_feedback", _("Feedback on an alert")
        DESK_FEEDBACK = "desk_feedback", _("Feedback on the outreach desk")

    title = models.CharField(_("title"), max_length=TITLE_LIMIT)
    intro = models.TextField(_("introduction"), max_length=TEXT_LIMIT, blank=True)
    # Language codes the survey is offered in (invitations show only on pages in one of them); empty: every language.
    languages = models.JSONField(_("languages"), default=list, blank=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    everyone = models.BooleanField(_("every member of every group"), default=False)
    groups = models.ManyToManyField(Group, blank=True, related_name="+", verbose_name=_("groups"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SURVEY)
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    # When the members it is for were told it is open (surveys/announce.py); never who answered.
    announced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        forget_open_surveys()


class SurveyAuthor(models.Model):
    """Who composed a survey (staff side only: a survey row itself leads to no user)."""

    survey = models.OneToOneField(Survey, on_delete=models.CASCADE, related_name="author")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")


class AlertFeedback(models.Model):
    """The built-in one-question survey "Was this useful?" of one harm-reduction alert."""

    alert = models.OneToOneField("moderation.Alert", on_delete=models.CASCADE, related_name="feedback")
    survey = models.OneToOneField(Survey, on_delete=models.CASCADE, related_name="alert_feedback")


class Question(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("A scale from 1 to 5")
        SINGLE = "single", _("One choice")
        MULTIPLE = "multiple", _("Several choices")
        TEXT = "text", _("Short free text")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(_("kind of question"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=TITLE_LIMIT)
    # For a scale: what 1 and 5 mean ("not at all" ... "very much").
    low_label = models.CharField(_("what 1 means"), max_length=60, blank=True)
    high_label = models.CharField(_("what 5 means"), max_length=60, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.text

    @property
    def has_choices(self):
        return self.kind in (self.Kind.SCALE, self.Kind.SINGLE, self.Kind.MULTIPLE)


class Choice(models.Model):
    """One answer option; a scale question has five (values 1 to 5)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(default=1)
    label = models.CharField(max_length=TITLE_LIMIT)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.label


class Response(models.Model):
    """One person's answers to one survey; who it was is not stored anywhere."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    # The target group the person answered in; none for a survey sent to everyone.
    group = models.ForeignKey(Group, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    answered_on = models.DateField()


class Answer(models.Model):
    class Review(models.TextChoices):
        NOT_NEEDED = "", _("Not needed")
        WAITING = "waiting", _("Waiting for a staff member to read it")
        SHOWN = "shown", _("Shown in the results")
        WITHHELD = "withheld", _("Withheld: it could identify someone")

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.ForeignKey(Choice, on_delete=models.CASCADE, null=True, blank=True, related_name="answers")
    text = models.CharField(max_length=FREE_TEXT_LIMIT, blank=True)
    review = models.CharField(max_length=10, choices=Review.choices, default=Review.NOT_NEEDED, blank=True)


class AnsweredMark(models.Model):
    """ "Someone with this HMAC of (person, survey) has answered": one answer each, and nothing else.

    The digest is the primary key: no sequence, no time, no link to a response. Deleted when the survey closes.
    """

    digest = models.CharField(max_length=64, primary_key=True)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")


# Every model of this app is on one side; the schema test fails for a model on neither.
STAFF_SIDE = (Survey, SurveyAuthor, AlertFeedback, Question, Choice)
ANSWER_SIDE = (Response, Answer, AnsweredMark)
