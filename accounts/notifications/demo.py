"""Demo notifications for `seed_demo`: the demo messages replayed through the notification rules once."""

from groups.models import Message

from . import fanout
from .models import Notification


def seed_notifications():
    """Follows, replies and mentions for the demo content (skipped when any notification exists)."""
    if Notification.objects.exists():
        return
    published = Message.objects.filter(status=Message.Status.PUBLISHED).order_by("pk")
    for message_id in published.values_list("pk", flat=True):
        fanout.on_message_saved(message_id, "message")
