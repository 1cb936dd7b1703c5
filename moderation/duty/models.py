"""Duty rota rows: weekly slots and one-off shifts, and the escalation state of urgent items.

Times of a weekly slot are local (settings.TIME_ZONE). A slot whose end is at
or before its start ends the next day (22:00-02:00); start == end is a whole
day. An empty group means every group the person may moderate (staff: all). A row marked `desk` is a
consultant's hours at the outreach desk instead, and counts for no group.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DutySlot(models.Model):
    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="duty_slots")
    group = models.ForeignKey(
        "groups.Group",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="duty_slots",
        verbose_name=_("group"),
        help_text=_("Empty: every group you moderate."),
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"), help_text=_("An end at or before the start ends the next day."))
    # A consultant's hours at the outreach desk (outreach/rota.py): such a row never puts anyone on duty for a group.
    desk = models.BooleanField(_("at the outreach desk"), default=False, db_default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["weekday", "start_time", "id"]
        verbose_name = _("weekly duty slot")
        verbose_name_plural = _("weekly duty slots")

    def __str__(self):
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}-{self.end_time:%H:%M}"


class DutyShift(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="duty_shifts")
    group = models.ForeignKey(
        "groups.Group",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="duty_shifts",
        verbose_name=_("group"),
        help_text=_("Empty: every group you moderate."),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    # A consultant's hours at the outreach desk (outreach/rota.py): such a row never puts anyone on duty for a group.
    desk = models.BooleanField(_("at the outreach desk"), default=False, db_default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("one-off duty shift")
        verbose_name_plural = _("one-off duty shifts")
        indexes = [models.Index(fields=["ends_at", "starts_at"], name="duty_shift_window")]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M}-{self.ends_at:%Y-%m-%d %H:%M}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The shift must end after it starts.")})


class UrgentEscalation(models.Model):
    """How far an urgent queue item has gone: on duty -> the group's moderators -> staff.

    The stage only moves forward through a compare-and-set update, so two runs of the
    beat task never notify twice.
    """

    class Stage(models.IntegerChoices):
        ON_DUTY = 1, _("People on duty")
        MODERATORS = 2, _("All of the group's moderators")
        STAFF = 3, _("Staff")

    item = models.OneToOneField("moderation.QueueItem", on_delete=models.CASCADE, related_name="escalation")
    stage = models.PositiveSmallIntegerField(choices=Stage.choices, default=Stage.ON_DUTY)
    stage_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["stage", "stage_at"], name="escalation_due")]
