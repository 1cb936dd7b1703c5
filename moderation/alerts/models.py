"""Harm-reduction alerts, bad-batch reports and crisis resources (models)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups import limits
from groups.models import Group

ALERT_TITLE_LIMIT = limits.TITLE
ALERT_BODY_LIMIT = limits.MESSAGE
BAD_BATCH_LIMIT = limits.REASON

__all__ = ["Alert", "AlertAcknowledgement", "BadBatchReport", "CrisisResource"]


class Alert(models.Model):
    """A harm-reduction warning pinned at the top of its target groups until it expires."""

    class Severity(models.TextChoices):
        INFO = "info", _("Information")
        WARNING = "warning", _("Warning")
        URGENT = "urgent", _("Urgent")

    title = models.CharField(_("title"), max_length=ALERT_TITLE_LIMIT)
    body_source = models.TextField(_("text"), max_length=ALERT_BODY_LIMIT)
    body_html = models.TextField(editable=False)
    substance = models.CharField(_("substance"), max_length=100, blank=True)
    area = models.CharField(_("area"), max_length=100, blank=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.WARNING)
    expires_at = models.DateTimeField(_("shown until"))
    all_groups = models.BooleanField(_("every group"), default=False)
    groups = models.ManyToManyField(Group, blank=True, related_name="alerts", verbose_name=_("groups"))
    verified = models.BooleanField(_("verified"), default=False)
    source_note = models.CharField(_("source"), max_length=limits.LINE, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")

    def __str__(self):
        return self.title

    def is_active(self, now=None):
        return self.withdrawn_at is None and self.expires_at > (now or timezone.now())


class AlertAcknowledgement(models.Model):
    """One "seen" per reader, alert and group, stored without saying who.

    `reader` is an HMAC of the alert and user ids under SECRET_KEY: it stops
    double counting and cannot be linked across alerts. No timestamp is kept.
    """

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="acknowledgements")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    reader = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["alert", "group", "reader"], name="one_ack_per_reader")]


class BadBatchReport(models.Model):
    """An anonymous report of a dangerous batch. No author, no IP, only the day it came in."""

    class Status(models.TextChoices):
        NEW = "new", _("Waiting for staff")
        VERIFIED = "verified", _("Verified: turned into an alert")
        DISMISSED = "dismissed", _("Dismissed")

    what = models.TextField(_("what was it"), max_length=BAD_BATCH_LIMIT)
    where = models.CharField(_("where"), max_length=limits.LINE, blank=True)
    effects = models.TextField(_("effects"), max_length=BAD_BATCH_LIMIT, blank=True)
    received_on = models.DateField(default=timezone.localdate)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    alert = models.ForeignKey(Alert, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports")

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("bad-batch report")
        verbose_name_plural = _("bad-batch reports")


class CrisisResource(models.Model):
    """A crisis line or service shown on the "Get help now" page, per language."""

    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, help_text=_("Shown to people using this language.")
    )
    area = models.CharField(_("area"), max_length=100, blank=True, help_text=_("Empty: the whole country."))
    name = models.CharField(_("name"), max_length=limits.TITLE)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    url = models.URLField(_("web address"), blank=True)
    description = models.TextField(_("description"), max_length=limits.REASON, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0, help_text=_("Lower numbers come first."))
    active = models.BooleanField(
        _("shown"),
        default=True,
        help_text=_(
            "Only show an entry you have verified yourself: call the number, open the address, and check the "
            "opening hours. A wrong number in a crisis costs time."
        ),
    )

    class Meta:
        ordering = ["language", "position", "name"]
        verbose_name = _("crisis resource")
        verbose_name_plural = _("crisis resources")

    def __str__(self):
        return self.name

    @property
    def tel(self):
        """The phone number for a tel: link (digits and a leading +)."""
        return "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
