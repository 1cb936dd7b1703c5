"""Notification tasks. They take ids, never text, and are safe to run twice.

The work is in accounts/notifications.py; these wrappers only add Celery's
retries. An SMTP or connection error retries with exponential back-off; the
e-mail's unique key (EmailDelivery) keeps a second run from sending again.
"""

import smtplib

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from . import notifications

MAIL_ERRORS = (smtplib.SMTPException, ConnectionError)
MAIL_RETRY = {
    "autoretry_for": MAIL_ERRORS,
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "retry_jitter": True,
    "max_retries": 8,
}


@shared_task(ignore_result=True)
def notify_message_saved(message_id, kind):
    notifications.on_message_saved(message_id, kind)


@shared_task(ignore_result=True)
def notify_message_moderated(message_id, action, actor_id=None):
    notifications.on_message_moderated(message_id, action, actor_id)


@shared_task(ignore_result=True)
def notify_join_request_changed(join_request_id, status):
    notifications.on_join_request_changed(join_request_id, status)


@shared_task(ignore_result=True)
def notify_alert(alert_id, user_ids=None):
    notifications.on_alert(alert_id, user_ids)


@shared_task(ignore_result=True, **MAIL_RETRY)
def send_notification_email(notification_id):
    return notifications.send_notification_email(notification_id)


# An urgent e-mail also retries through a database restart; the sweep below catches what still fails.
URGENT_RETRY = {**MAIL_RETRY, "autoretry_for": (*MAIL_ERRORS, OperationalError, InterfaceError), "max_retries": 12}


@shared_task(ignore_result=True, **URGENT_RETRY)
def send_urgent_email(notification_id):
    return notifications.send_notification_email(notification_id)


@shared_task(ignore_result=True)
def escalate_urgent_items():
    """Beat, every minute: unclaimed urgent items go on to all moderators, then staff (moderation/duty/)."""
    from moderation.duty import escalation

    return escalation.escalate_due()


@shared_task(ignore_result=True)
def sweep_urgent_emails():
    """Beat, every few minutes: send urgent e-mails that were never queued or whose task gave up."""
    return notifications.sweep_urgent_emails()


@shared_task(ignore_result=True, **MAIL_RETRY)
def send_digest_email(user_id, day):
    return notifications.send_digest(user_id, day)


@shared_task(ignore_result=True)
def send_digests():
    """Beat, daily: queue one digest per member who has unread, un-e-mailed notifications."""
    day = timezone.localdate().isoformat()
    user_ids = notifications.digest_user_ids()
    for user_id in user_ids:
        notifications.enqueue(send_digest_email, user_id, day)
    return len(user_ids)


@shared_task(ignore_result=True)
def clear_expired_sessions():
    """Delete expired session rows daily: what ``manage.py clearsessions`` does."""
    from importlib import import_module

    from django.conf import settings

    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


from .companion.tasks import send_companion_reminders  # noqa: E402,F401  (beat: companion reminders)
