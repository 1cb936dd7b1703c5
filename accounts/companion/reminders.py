"""Reminders for appointments and dose times, through the notification path, content-free.

`send_due(now=)` is run by Celery beat every minute (tasks.send_companion_reminders). A reminder is
due from its time for REMINDER_WINDOW; each one has a key recorded in ReminderSent in the same
transaction as its notification, so a task that runs twice (or two workers at once) sends it once.
The notification says only "You have a reminder": never the appointment's text, which stays encrypted
in the companion. Dose times are local times in settings.TIME_ZONE.
"""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.notifications.create import announce_on_commit
from accounts.notifications.models import Notification

from .models import Appointment, DoseReminder, ReminderSent

REMINDER_WINDOW = timedelta(hours=2)  # a reminder late by more (a worker was down) is no longer useful
MAX_MINUTES_BEFORE = 7 * 24 * 60  # the earliest an appointment's reminder may be set (the form's limit)


def appointment_remind_at(appointment):
    return appointment.at - timedelta(minutes=appointment.remind_minutes_before)


def appointment_key(appointment):
    # The time is in the key: moving an appointment arms its reminder again.
    return f"appointment:{appointment.pk}:{int(appointment_remind_at(appointment).timestamp())}"


def dose_due_at(reminder, day):
    """The aware moment of `reminder` on local date `day` (settings.TIME_ZONE)."""
    return timezone.make_aware(datetime.combine(day, reminder.time_of_day), timezone.get_default_timezone())


def due(now):
    """[(owner_id, key)] of reminders due at `now` (not yet sent)."""
    found = []
    since = now - REMINDER_WINDOW
    soon = Appointment.objects.filter(at__gt=since, at__lte=now + timedelta(minutes=MAX_MINUTES_BEFORE))
    for appointment in soon.only("pk", "owner_id", "at", "remind_minutes_before"):
        if since < appointment_remind_at(appointment) <= now:
            found.append((appointment.owner_id, appointment_key(appointment)))
    today = timezone.localtime(now).date()
    for reminder in DoseReminder.objects.filter(active=True).only("pk", "owner_id", "time_of_day", "created_at"):
        for day in (today - timedelta(days=1), today):  # just after midnight, last night's may be due
            at = dose_due_at(reminder, day)
            if since < at <= now and at >= reminder.created_at:
                found.append((reminder.owner_id, f"dose:{reminder.pk}:{day.isoformat()}"))
    sent = set(ReminderSent.objects.filter(key__in=[key for _, key in found]).values_list("key", flat=True))
    return [(owner_id, key) for owner_id, key in found if key not in sent]


def send(owner_id, key):
    """Record `key` and create its notification together; None when it was sent already."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(owner_id=owner_id, key=key)
            notification = Notification.objects.create(user_id=owner_id, kind=Notification.Kind.REMINDER)
    except IntegrityError:
        return None
    return announce_on_commit(notification)


def send_due(now=None):
    """Send every reminder due at `now`; returns the notifications created."""
    now = now or timezone.now()
    return [n for owner_id, key in due(now) if (n := send(owner_id, key)) is not None]
