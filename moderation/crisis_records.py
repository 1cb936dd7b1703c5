"""Crisis records do not outlive their use.

A crisis flag says something about a person's health. It ends with its item: the urgent item and the flag are
deleted `CRISIS_RECORD_DAYS` after the item was raised (handled or not), and at once when the author deletes
the message or their account. The moderation log keeps who did what and when, without the words.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from groups.models import Message

from . import queue


def record_days():
    return getattr(settings, "CRISIS_RECORD_DAYS", 30)


def forget_crisis(message_ids):
    """The author deleted these messages (or their account): their urgent items and crisis flags go."""
    message_ids = list(message_ids)
    queue.forget_urgent(message_ids)
    return Message.objects.filter(pk__in=message_ids, urgent=True).update(urgent=False)


def purge_crisis_records(now=None):
    """Delete urgent items raised more than `record_days()` ago and clear their messages' flags; return how many."""
    cutoff = (now or timezone.now()) - timedelta(days=record_days())
    count, message_ids = queue.purge_urgent(cutoff)
    Message.objects.filter(urgent=True).filter(pk__in=message_ids).update(urgent=False)
    Message.objects.filter(urgent=True, created_at__lt=cutoff).update(urgent=False)
    return count
