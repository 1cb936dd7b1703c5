"""Notification tasks. They take ids, never text, and are safe to run twice.

The Celery face of accounts/notifications/: the only module that queues tasks
(`enqueue`) and announces new notifications (`announce`: the bell, the e-mail).
The work is in the notifications package; these wrappers only add Celery's
retries. An SMTP, connection or database error retries with exponential
back-off; the e-mail's unique key (EmailDelivery) keeps a second run from
sending again. A task the broker refuses is kept in the database and queued
again by the outbox job (`enqueue`, `send_kept`).
"""

import logging
import smtplib
from datetime import timedelta
from importlib import import_module

from celery import current_app, shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.db.models import F
from django.utils import timezone
from pywebpush import WebPushException
from requests import RequestException

from groups import live
from moderation.duty import escalation

from .companion.tasks import send_companion_reminders  # noqa: F401  (beat: the worker registers it from here)
from .notifications import email, fanout, inbox, push
from .notifications.models import Notification, QueuedTask

log = logging.getLogger(__name__)


def announce(notification_id):
    """After commit: update the bell on open pages, and e-mail at once when the member wants that."""
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None:
        return
    unread = inbox.refresh_unread_count(notification.user)
    live.notification_event(notification.user_id, unread)
    if email.wants_email_now(notification):
        urgent = notification.kind == Notification.Kind.URGENT
        enqueue(send_urgent_email if urgent else send_notification_email, notification.pk)
    for subscription_id in push.targets(notification):
        enqueue(send_push, notification.pk, subscription_id)


def enqueue(task, *args):
    """Queue a task with ids; a broker failure must never undo what a member did, nor lose the task: it is kept
    in the database (QueuedTask) and queued again by the outbox job once the broker is back."""
    try:
        task.delay(*args)
    except Exception:
        log.warning("notifications: the broker refused %s; kept to queue again", task.name, exc_info=True)
        try:
            QueuedTask.objects.create(task=task.name, args=list(args))
        except Exception:  # the database is down too: nothing was saved that needs telling
            log.exception("notifications: could not keep %s either", task.name)


KEPT_FOR = timedelta(days=7)  # a task kept longer than this is dropped: what it would tell is stale


def send_kept(limit=500):
    """Queue again, oldest first, the tasks the broker refused; stop at the first refusal (it is still down).
    Returns how many were queued."""
    stale, _ = QueuedTask.objects.filter(created_at__lt=timezone.now() - KEPT_FOR).delete()
    if stale:
        log.error("notifications: dropped %d kept tasks the broker refused for over %s", stale, KEPT_FOR)
    sent = 0
    for row in QueuedTask.objects.order_by("pk")[:limit]:
        task = current_app.tasks.get(row.task)
        if task is not None:
            try:
                task.delay(*row.args)
            except Exception:
                log.warning("notifications: the broker still refuses %s", row.task)
                QueuedTask.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1)
                break
            sent += 1
        else:
            log.error("notifications: dropped a kept task that no longer exists: %s", row.task)
        row.delete()
    return sent


MAIL_ERRORS = (smtplib.SMTPException, ConnectionError)
MAIL_RETRY = {
    "autoretry_for": (*MAIL_ERRORS, OperationalError, InterfaceError),  # a database restart too
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "retry_jitter": True,
    "max_retries": 8,
}


# Fan-out through a database restart: try again with back-off. Safe to run twice: each notification is created
# once (create.create's unique keys), so a retry adds only what the failed run had not.
NOTIFY_RETRY = {
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 10,
}


@shared_task(ignore_result=True, **NOTIFY_RETRY)
def notify_message_saved(message_id, kind):
    fanout.on_message_saved(message_id, kind)


@shared_task(ignore_result=True, **NOTIFY_RETRY)
def notify_message_moderated(message_id, action, actor_id=None):
    fanout.on_message_moderated(message_id, action, actor_id)


@shared_task(ignore_result=True, **NOTIFY_RETRY)
def notify_join_request_changed(join_request_id, status):
    fanout.on_join_request_changed(join_request_id, status)


@shared_task(ignore_result=True, **NOTIFY_RETRY)
def notify_alert(alert_id, user_ids=None):
    fanout.on_alert(alert_id, user_ids)


@shared_task(ignore_result=True, **MAIL_RETRY)
def send_notification_email(notification_id):
    return email.send_notification_email(notification_id)


# An urgent e-mail retries longer; the sweep below catches what still fails.
URGENT_RETRY = {**MAIL_RETRY, "max_retries": 12}


# A push service that is down or slow: try again later (a 404/410 is not an error: the browser is gone).
PUSH_RETRY = {
    "autoretry_for": (WebPushException, RequestException, ConnectionError),
    "retry_backoff": 30,
    "retry_backoff_max": 1800,
    "retry_jitter": True,
    "max_retries": 6,
}


@shared_task(ignore_result=True, **PUSH_RETRY)
def send_push(notification_id, subscription_id):
    return push.send(notification_id, subscription_id)


@shared_task(ignore_result=True, **URGENT_RETRY)
def send_urgent_email(notification_id):
    return email.send_notification_email(notification_id)


@shared_task(ignore_result=True)
def escalate_urgent_items():
    """Beat, every minute: unclaimed urgent items go on to all moderators, then staff (moderation/duty/)."""
    return escalation.escalate_due()


@shared_task(ignore_result=True)
def send_kept_tasks():
    """Beat, every minute: the outbox. Queue again what the broker refused while it was down (enqueue)."""
    return send_kept()


@shared_task(ignore_result=True)
def sweep_urgent_emails():
    """Beat, every few minutes: send urgent e-mails that were never queued or whose task gave up."""
    return email.sweep_urgent_emails()


@shared_task(ignore_result=True, **MAIL_RETRY)
def send_digest_email(user_id, day):
    return email.send_digest(user_id, day)


@shared_task(ignore_result=True)
def send_digests():
    """Beat, daily: queue one digest per member who has unread, un-e-mailed notifications."""
    day = timezone.localdate().isoformat()
    user_ids = email.digest_user_ids()
    for user_id in user_ids:
        enqueue(send_digest_email, user_id, day)
    return len(user_ids)


@shared_task(ignore_result=True)
def clear_expired_sessions():
    """Delete expired session rows daily: what ``manage.py clearsessions`` does."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
