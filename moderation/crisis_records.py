"""Crisis records do not outlive their use.

A crisis flag says something about a person's health. It ends with its item: the urgent item and the flag are
deleted `CRISIS_RECORD_DAYS` after the item was raised (handled or not), and at once when the author deletes
the message or their account. The moderation log keeps who did what and when, without the words.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from groups.models import Message

from .models import QueueItem


def record_days():
    return getattr(settings, "CRISIS_RECORD_DAYS", 30)


def forget_crisis(message_ids):
    """The author deleted these messages (or their account): their urgent items and crisis flags go."""
    message_ids = list(message_ids)
    QueueItem.objects.filter(message_id__in=message_ids, kind=QueueItem.Kind.URGENT).delete()
    QueueItem.objects.filter(message_id__in=message_ids, urgent=True).update(urgent=False)
    return Message.objects.filter(pk__in=message_ids, urgent=True).update(urgent=False)


def purge_crisis_records(now=None):
    """Delete urgent items raised more than `record_days()` ago and clear their messages' flags; return how many."""
    cutoff = (now or timezone.now()) - timedelta(days=record_days())
    old = QueueItem.objects.filter(kind=QueueItem.Kind.URGENT, created_at__lt=cutoff)
    message_ids = set(old.exclude(message=None).values_list("message_id", flat=True))
    count = old.count()
    old.delete()
    QueueItem.objects.filter(urgent=True, created_at__lt=cutoff).update(urgent=False)
    Message.objects.filter(urgent=True).filter(pk__in=message_ids).update(urgent=False)
    Message.objects.filter(urgent=True, created_at__lt=cutoff).update(urgent=False)
    return count
