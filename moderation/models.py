"""Watched words, reports, the moderation queue, notes and the append-only log."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups import limits
from groups.models import Group, JoinRequest, Message
from peersupport.reasons import ReasonFields


class WatchedWord(models.Model):
    """A pattern checked by the pipeline; global when `group` is empty."""

    class Action(models.TextChoices):
        REFUSE = "refuse", _("Refuse, telling the author why")
        UNKIND = "unkind", _("Unkind word about people: refused when aimed at someone, held when quoted")
        HOLD = "hold", _("Hold for a moderator")
        URGENT = "urgent", _("Publish, and flag as urgent for moderators")
        CRISIS = "crisis", _("Crisis words: publish, offer help, flag as urgent")
        INFO = "info", _("Informational: noted; urgent only in the group kinds set to flag it")

    pattern = models.CharField(
        _("pattern"),
        max_length=limits.LINE,
        help_text=_("A word or phrase (matched as whole words, any case), or a regular expression if ticked."),
    )
    is_regex = models.BooleanField(_("regular expression"), default=False)
    action = models.CharField(
        _("action"),
        max_length=10,
        choices=Action.choices,
        help_text=_('An unkind word passes when people use it about themselves ("I\'m a junkie").'),
    )
    reason = models.CharField(
        _("reason shown to the author"),
        max_length=limits.LINE,
        blank=True,
        help_text=_("Used when the action refuses."),
    )
    language = models.CharField(_("language"), max_length=8, blank=True, help_text=_("Empty: every language."))
    group = models.ForeignKey(Group, on_delete=models.CASCADE, null=True, blank=True, related_name="watched_words")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("watched word")
        verbose_name_plural = _("watched words")
        ordering = ["action", "pattern"]

    def __str__(self):
        return self.pattern

    def clean(self):
        try:
            self.compiled()
        except re.error as exc:
            raise ValidationError({"pattern": _("This is not a valid regular expression: %s") % exc}) from exc

    def compiled(self):
        source = self.pattern if self.is_regex else r"(?<!\w)" + re.escape(self.pattern.strip()) + r"(?!\w)"
        return re.compile(source, re.IGNORECASE)


class Report(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rule = models.CharField(_("rule it breaks"), max_length=500, blank=True)
    note = models.TextField(_("note"), max_length=limits.REASON, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    dismissed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message", "reporter"], name="one_report_per_person")]


class QueueItem(ReasonFields):
    class Kind(models.TextChoices):
        HELD = "held", _("Held message")
        REPORTED = "reported", _("Reported message")
        JOIN_REQUEST = "join_request", _("Join request")
        URGENT = "urgent", _("Urgent flag")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    class Outcome(models.TextChoices):
        """How an urgent item ended (moderation/care.py); never shown to the author."""

        SUPPORTED = "supported", _("Reached and supported")
        POINTED = "pointed", _("Pointed to services")
        NO_ANSWER = "no_answer", _("No answer")
        EMERGENCY = "emergency", _("Emergency services called")
        NOT_CRISIS = "not_crisis", _("Not a crisis")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="queue_items")
    kind = models.CharField(max_length=15, choices=Kind.choices)
    message = models.ForeignKey(Message, on_delete=models.CASCADE, null=True, blank=True, related_name="queue_items")
    join_request = models.ForeignKey(
        JoinRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="queue_items"
    )
    urgent = models.BooleanField(default=False)
    reason = models.CharField(max_length=limits.LINE, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Outcome.choices, blank=True, default="", db_default=""
    )
    outcome_note = models.TextField(_("private note"), max_length=limits.NOTE, blank=True, default="", db_default="")

    class Meta:
        indexes = [models.Index(fields=["group", "status", "-urgent", "created_at"], name="queue_order")]


class ModeratorNote(models.Model):
    """A private note moderators keep about a member, per group."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="moderator_notes")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("note"), max_length=limits.NOTE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]


class AppendOnlyError(Exception):
    pass


class ModerationLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The moderation log is append-only.")

    def delete(self):
        raise AppendOnlyError("The moderation log is append-only.")

    def redact_reasons(self):
        """The one change the log allows: empty the free text (moderation/log_retention.py)."""
        return models.QuerySet.update(self.exclude(reason=""), reason="")


class ModerationLog(ReasonFields):
    """Who did what to which item and when. Rows are never deleted; the free text (`reason`) is the one
    thing ever changed: emptied after MODERATION_LOG_REASON_DAYS, or when the person it is about deletes
    everything (moderation/log_retention.py). The service's own words are a code and parameters
    (`reason_code`, `reason_params`: peersupport/reasons.py), put into words in the reader's language."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="moderation_log")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(max_length=40)
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    message = models.ForeignKey(Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    join_request = models.ForeignKey(JoinRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ModerationLogQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The moderation log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The moderation log is append-only.")


from .alerts.models import Alert, AlertAcknowledgement, BadBatchReport, CrisisResource  # noqa: E402,F401  (alerts/)
from .duty.models import DutyShift, DutySlot, UrgentEscalation  # noqa: E402,F401  (the duty rota lives in duty/)
