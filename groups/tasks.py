"""Beat jobs for groups: retention, answer purge, invitation expiry, stale presence.

Each task calls a plain function and logs a count, never content.
"""

import logging
from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from . import live, presence
from .content.support import purge_ended
from .membership.actions import expire_invitations, purge_decided_answers, purge_decided_requests
from .membership.members import end_bans
from .models import Group, Message, Topic

log = logging.getLogger(__name__)
BATCH = 500


def purge_expired_messages(now=None):
    """Delete messages older than each group's `retention_days`; return {group_id: count}.

    Groups without a retention setting keep everything. Topics left without
    any message (other than the chat) go too: a title is content as well.
    """
    now = now or timezone.now()
    counts = {}
    for group in Group.objects.filter(retention_days__isnull=False, retention_days__gt=0):
        cutoff = now - timedelta(days=group.retention_days)
        count = _delete_in_batches(Message.objects.filter(group=group, created_at__lt=cutoff))
        has_message = Message.objects.filter(topic=OuterRef("pk"))
        Topic.objects.filter(group=group, is_chat=False, last_activity_at__lt=cutoff).exclude(
            Exists(has_message)
        ).delete()
        if count:
            log.info(
                "retention: group %s: %d messages older than %d days deleted", group.pk, count, group.retention_days
            )
        counts[group.pk] = count
    return counts


def _delete_in_batches(queryset):
    total = 0
    while ids := list(queryset.values_list("pk", flat=True)[:BATCH]):
        with transaction.atomic():
            Message.objects.filter(pk__in=ids).delete_and_uncount()
        total += len(ids)
    return total


@shared_task(ignore_result=True)
def purge_expired_messages_task():
    return sum(purge_expired_messages().values())


@shared_task(ignore_result=True)
def purge_decided_answers_task():
    """Answers are deleted at the decision; this catches leftovers and ends declined rows after the cool-off."""
    now = timezone.now()
    count = purge_decided_answers(now)
    requests = purge_decided_requests(now)
    log.info("join requests: %d leftover answers and %d requests past the cool-off purged", count, requests)
    return count + requests


@shared_task(ignore_result=True)
def expire_invitations_task():
    count = expire_invitations(timezone.now())
    log.info("invitations: %d expired or revoked invitations deleted", count)
    return count


def cleanup_presence(group_ids=None, now=None):
    """Prune the sockets of crashed processes and tell open screens of the changed groups the new count."""
    ids = group_ids if group_ids is not None else Group.objects.values_list("pk", flat=True)
    changed = presence.cleanup_stale(ids, now)
    for group_id, number in changed.items():
        live.presence_event(group_id, number)
    return changed


@shared_task(ignore_result=True)
def cleanup_presence_task():
    return len(cleanup_presence())


@shared_task(ignore_result=True)
def end_bans_task():
    """Bans whose end has come: the person is told, and is a member again if the ban kept the membership."""
    count = end_bans(timezone.now())
    if count:
        log.info("bans: %d bans ended", count)
    return count


@shared_task(ignore_result=True)
def purge_ended_support_task():
    """Support conversations that ended more than SUPPORT_RETENTION_DAYS ago are deleted, messages and all."""
    count = purge_ended(timezone.now())
    log.info("support conversations: %d deleted after their retention", count)
    return count
