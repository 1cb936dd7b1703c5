"""In-app notifications and e-mail delivery records (models).

A notification stores references and a kind, never text: what it says is
rendered when it is shown (accounts/notifications/inbox.py), so deleting the
content it points at removes it from notifications too.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["EmailDelivery", "Notification", "PushSubscription", "TopicFollow"]


class Notification(models.Model):
    class Kind(models.TextChoices):
        REPLY = "reply", _("A reply in a topic you follow")
        MENTION = "mention", _("A mention of your pseudonym")
        JOIN_DECIDED = "join_decided", _("Your join request was decided")
        MESSAGE_APPROVED = "message_approved", _("Your message was approved")
        MESSAGE_REMOVED = "message_removed", _("Your message was removed")
        MESSAGE_WARNED = "message_warned", _("A moderator sent you a warning")
        MESSAGE_HIDDEN = "message_hidden", _("Your message was hidden after reports")
        JOIN_REQUEST = "join_request", _("A new join request (moderators)")
        URGENT = "urgent", _("An urgent flag (moderators)")
        ALERT = "alert", _("A harm-reduction alert")
        # Sanctions and newcomers (the member's own standing in a group)
        MESSAGES_SHOWN = "messages_shown", _("Your waiting messages are visible now")
        MUTED = "muted", _("A moderator muted you")
        BANNED = "banned", _("A moderator banned you")
        BAN_ENDED = "ban_ended", _("Your ban ended")
        REMOVED = "removed", _("A moderator removed you from a group")
        STANDING_QUESTION = "standing_question", _("A sanctioned member wrote to the moderators")
        SUPPORT = "support", _("A message in a private support conversation")
        SURVEY = "survey", _("An anonymous survey is open")
        REMINDER = "reminder", _("A reminder you set in your companion")
        CONSULTATION = "consultation", _("A consultation at the outreach desk")
        PRO_MODERATOR = "pro_moderator", _("A professional became a moderator of your group")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    topic = models.ForeignKey("groups.Topic", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    message = models.ForeignKey("groups.Message", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    join_request = models.ForeignKey(
        "groups.JoinRequest", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # The moderation log row that holds a removal's reason (shown to the author).
    log_entry = models.ForeignKey(
        "moderation.ModerationLog", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    alert_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at", "-created_at"], name="notification_inbox")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "message"], condition=Q(message__isnull=False), name="one_notice_per_message"
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "join_request"],
                condition=Q(join_request__isnull=False),
                name="one_notice_per_join_request",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "alert_id"], condition=Q(alert_id__isnull=False), name="one_notice_per_alert"
            ),
        ]

    def __str__(self):
        return f"notification {self.pk} ({self.kind})"


class TopicFollow(models.Model):
    """Someone gets a notification for replies in this topic (starting or replying follows)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="topic_follows")
    topic = models.ForeignKey("groups.Topic", on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "topic"], name="one_follow_per_topic")]


class EmailDelivery(models.Model):
    """One e-mail, by its unique key, recorded *before* it is sent so it goes out at most once."""

    key = models.CharField(max_length=100, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.key


class PushSubscription(models.Model):
    """One browser that asked for push notifications (Web Push: its push service's endpoint and keys).

    Tied to the session that subscribed (as an HMAC of its key), so signing out on that device ends it;
    deleting the account deletes it; a push service that answers 404 or 410 has forgotten it, and so do we.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions")
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    session_hash = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"push subscription {self.pk}"


class QueuedTask(models.Model):
    """A task the broker refused (Redis down or restarting), kept so that no notification is lost.

    `accounts.tasks.enqueue` writes it when queueing fails; the beat's outbox job (`send_kept_tasks`, every
    minute) queues it again once the broker is back and deletes it. The arguments are ids and codes only, never
    text. The tasks are safe to run twice, so a row queued again after a crash costs nothing.
    """

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.task}{tuple(self.args)}"
