"""How long the moderation log's free text and a removed message's text are kept (issue 17).

The log keeps who did what to which item and when, for as long as the item's group exists. Its
``reason`` is free text that may quote the removed message, a topic title or why someone was
declined: it is emptied MODERATION_LOG_REASON_DAYS (90) after the action, and at once for rows
about a person who deletes their account with everything they wrote. A removed message stays as
a placeholder, but its text (and earlier versions) is emptied REMOVED_MESSAGE_TEXT_DAYS (30) after
the removal, even in groups whose retention is off.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from groups.models import Message, MessageRevision

from . import queue
from .models import ModerationLog


def redact_old_reasons(now=None):
    """Empty the reason of log rows older than MODERATION_LOG_REASON_DAYS; return how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.MODERATION_LOG_REASON_DAYS)
    return queue.redact_reasons_before(cutoff)


def redact_reasons_about(user):
    """Empty the reason of every log row about `user` (account deleted with everything)."""
    return queue.redact_reasons_about(user)


def purge_removed_text(now=None):
    """Empty the text of messages removed more than REMOVED_MESSAGE_TEXT_DAYS ago; return how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.REMOVED_MESSAGE_TEXT_DAYS)
    removed_at = (
        ModerationLog.objects.filter(message=OuterRef("pk"), action="remove")
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    due = (
        Message.objects.filter(status=Message.Status.REMOVED)
        .annotate(removed_at=Coalesce(Subquery(removed_at), F("created_at")))
        .filter(removed_at__lte=cutoff)
    )
    ids = list(due.values_list("pk", flat=True))
    with transaction.atomic():
        MessageRevision.objects.filter(message_id__in=ids).delete()
        return (
            Message.objects.filter(pk__in=ids)
            .exclude(body_source="", body_html="")
            .update(body_source="", body_html="")
        )
