"""The life of an urgent item: open -> someone is with them (claimed, others see who) -> handled, with an
outcome and a private note.

Handling an urgent item is about the person, not the message: it never changes the message's visibility
and never tells the author "approved". Every step is written to the group's moderation log.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groups import access

from .actions import log_action
from .models import QueueItem

NOTE_LIMIT = 2000


def handle_urgent(actor, item, outcome, note="", now=None):
    """Close an open urgent item with `outcome` (QueueItem.Outcome) and a private note; False if already closed."""
    access.check(actor, item.group, access.Need.MODERATE)
    if item.kind != QueueItem.Kind.URGENT:
        raise ValidationError(_("Only urgent items are marked as handled. Decide on this item instead."))
    if outcome not in QueueItem.Outcome.values:
        raise ValidationError(_("Choose how it ended."))
    now = now or timezone.now()
    with transaction.atomic():
        closed = QueueItem.objects.filter(pk=item.pk, status=QueueItem.Status.OPEN).update(
            status=QueueItem.Status.RESOLVED,
            outcome=outcome,
            outcome_note=(note or "").strip()[:NOTE_LIMIT],
            resolved_by=actor,
            resolved_at=now,
            claimed_by=item.claimed_by_id or actor.pk,
            claimed_at=item.claimed_at or now,
        )
        if closed:
            author = item.message.author if item.message_id else None
            log_action(actor, item.group, "crisis_handled", message=item.message, target_user=author, reason=outcome)
    return bool(closed)
