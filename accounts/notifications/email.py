"""E-mail about notifications: content-free unless the member opted in, and sent once.

E-mails are content-free unless the member opted in (User.email_details): a
neutral sender and subject, no message text, no group or topic name, no other
person's pseudonym, only a link. Each e-mail has a unique key recorded in
EmailDelivery *before* it is sent, so a task that runs twice sends it once.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ..models import User
from .inbox import lines, visible_notifications
from .models import EmailDelivery, Notification

log = logging.getLogger(__name__)
Kind = Notification.Kind

# The default subject, so it is in the translation catalogue.
DEFAULT_SUBJECT = gettext_noop("You have new activity")


def wants_email_now(notification):
    user = notification.user
    if not user.is_active or notification.read_at or notification.emailed_at:
        return False
    if notification.kind == Kind.URGENT and user.urgent_email:
        return True
    return user.email_frequency == user.EmailFrequency.IMMEDIATE


def send_notification_email(notification_id):
    """Send the immediate e-mail for one notification, at most once. True when sent."""
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or not wants_email_now(notification):
        return False
    if not visible_notifications(notification.user).filter(pk=notification.pk).exists():
        return False
    sent = deliver_once(f"notification:{notification.pk}", notification.user, [notification])
    return sent


URGENT_SWEEP_GRACE = 2  # minutes the queued task has before the sweep sends in its place
URGENT_SWEEP_MAX_AGE = 24 * 60  # minutes: an urgent flag older than this is no longer news by e-mail
STALE_DELIVERY = 15  # minutes after which an unsent delivery record means a worker died mid-send


def sweep_urgent_emails(now=None):
    """Send every urgent e-mail still unsent: never queued (broker down), or its task gave up.

    Each goes through `send_notification_email`, so the EmailDelivery key keeps it to one e-mail
    however often the sweep runs. A mail error leaves it for the next sweep. Returns how many were sent.
    """
    now = now or timezone.now()
    pending = Notification.objects.filter(
        kind=Kind.URGENT,
        read_at__isnull=True,
        emailed_at__isnull=True,
        user__is_active=True,
        user__urgent_email=True,
        created_at__lte=now - timedelta(minutes=URGENT_SWEEP_GRACE),
        created_at__gte=now - timedelta(minutes=URGENT_SWEEP_MAX_AGE),
    )
    sent = 0
    for pk in pending.values_list("pk", flat=True):
        EmailDelivery.objects.filter(
            key=f"notification:{pk}", sent_at__isnull=True, created_at__lte=now - timedelta(minutes=STALE_DELIVERY)
        ).delete()
        try:
            sent += bool(send_notification_email(pk))
        except Exception:
            log.exception("notifications: urgent e-mail %s not sent; the next sweep tries again", pk)
    return sent


def pending_digest(user):
    """Unread notifications not e-mailed yet, for the daily digest."""
    return visible_notifications(user).filter(read_at__isnull=True, emailed_at__isnull=True)


def digest_user_ids():
    pending = Notification.objects.filter(read_at__isnull=True, emailed_at__isnull=True).values("user_id")
    return list(
        User.objects.filter(is_active=True, email_frequency=User.EmailFrequency.DIGEST, pk__in=pending).values_list(
            "pk", flat=True
        )
    )


def send_digest(user_id, day):
    """Send `user_id`'s digest for `day` (ISO date), at most once. True when sent."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or user.email_frequency != User.EmailFrequency.DIGEST:
        return False
    notifications = list(pending_digest(user))
    if not notifications:
        return False
    return deliver_once(f"digest:{user.pk}:{day}", user, notifications)


def deliver_once(key, user, notifications):
    """Record `key` before sending; if it exists, send nothing. A failed send frees the key for a retry."""
    try:
        with transaction.atomic():
            delivery = EmailDelivery.objects.create(key=key, user=user)
    except IntegrityError:
        return False
    try:
        render_email(user, notifications).send(fail_silently=False)
    except BaseException:
        EmailDelivery.objects.filter(pk=delivery.pk).delete()
        raise
    now = timezone.now()
    EmailDelivery.objects.filter(pk=delivery.pk).update(sent_at=now)
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed_at=now)
    log.info("notifications: e-mail %s sent (%d items)", delivery.pk, len(notifications))
    return True


def render_email(user, notifications):
    """The e-mail, in the member's language; details only when they opted in."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "count": len(notifications),
            "link": settings.SITE_URL.rstrip("/") + reverse("accounts:notifications"),
            "settings_link": settings.SITE_URL.rstrip("/") + reverse("accounts:settings"),
            "details": [line.text for line in lines(_by_ids(notifications), private=True)]
            if user.email_details
            else [],
        }
        subject = _(settings.NOTIFICATION_SUBJECT)  # the operator's text, translated when known
        body = render_to_string("emails/notification.txt", context)
    return EmailMessage(subject, body, settings.NOTIFICATION_FROM_EMAIL, [user.email])


def _by_ids(notifications):
    return Notification.objects.filter(pk__in=[n.pk for n in notifications])
