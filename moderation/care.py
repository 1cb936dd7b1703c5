"""The life of an urgent item: open -> someone is with them (claimed, others see who) -> handled, with an
outcome and a private note.

Handling an urgent item is about the person, not the message: it never changes the message's visibility
and never tells the author "approved". Every step is written to the group's moderation log.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groups import access, limits
from peersupport.reasons import Reason

from . import queue
from .models import QueueItem

NOTE_LIMIT = limits.NOTE


def handle_urgent(actor, item, outcome, note="", now=None):
    """Close an open urgent item with `outcome` (QueueItem.Outcome) and a private note; False if already closed."""
    access.check(actor, item.group, access.Need.MODERATE)
    if item.kind != QueueItem.Kind.URGENT:
        raise ValidationError(_("Only urgent items are marked as handled. Decide on this item instead."))
    if outcome not in QueueItem.Outcome.values:
        raise ValidationError(_("Choose how it ended."))
    now = now or timezone.now()
    with transaction.atomic():
        closed = queue.close_urgent(actor, item, outcome, (note or "").strip()[:NOTE_LIMIT], now)
        if closed:
            author = item.message.author if item.message_id else None
            queue.record_item(actor, item, "crisis_handled", target_user=author, reason=Reason(f"outcome_{outcome}"))
    return closed
