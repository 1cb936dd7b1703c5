"""Deciding several queue items at once, from the queue itself (approve held messages, dismiss reports).

Only the two decisions that need no reason to give the member are offered here; removing, warning,
muting and banning stay on the item's page, where the message is read in its context. Urgent items
are never decided in a batch: each one is looked after through its own page (moderation/care.py).
Every item goes through the same action as on its page, and so through the gate again.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from groups import access

from . import actions, queue
from .models import QueueItem

APPROVE, DISMISS = "approve", "dismiss"
MAX_ITEMS = 100  # more than a queue page holds; a bigger post is cut here


@dataclass
class Outcome:
    done: int = 0
    skipped: list = field(default_factory=list)  # sentences, one per item not decided


def _items(actor, ids):
    """The open items among `ids` in groups `actor` moderates; anything else is not there for them."""
    groups = access.moderated_groups(actor)
    items = QueueItem.objects.filter(pk__in=ids[:MAX_ITEMS], group__in=groups, status=QueueItem.Status.OPEN)
    return queue.with_care_flag(items.select_related("message__group", "group").order_by("-urgent", "created_at", "id"))


def _why_not(actor, item, decision):
    if item.cared_for:
        return _("An urgent item is looked after from its own page.")
    if item.claimed_by_id and item.claimed_by_id != actor.pk:
        return _("Another moderator has claimed it.")
    if item.message is None:
        return _("A join request is decided from its own page.")
    if decision == APPROVE and item.kind not in (QueueItem.Kind.HELD, QueueItem.Kind.REPORTED):
        return _("It has nothing to approve.")
    if decision == DISMISS and item.kind != QueueItem.Kind.REPORTED:
        return _("It has no reports to dismiss.")
    return ""


def decide(actor, ids, decision):
    """Approve or dismiss the items `ids` that allow it; say why of each one left alone."""
    if decision not in (APPROVE, DISMISS):
        raise ValidationError(_("Choose approve or dismiss."))
    outcome = Outcome()
    for item in _items(actor, ids):
        if reason := _why_not(actor, item, decision):
            outcome.skipped.append(reason)
            continue
        try:
            if decision == APPROVE:
                actions.approve_message(actor, item.message, "")
            else:
                actions.dismiss_reports(actor, item.message, "")
        except (PermissionDenied, Http404):
            outcome.skipped.append(_("You may not moderate it any more."))
        except ValidationError as exc:
            outcome.skipped.append(" ".join(exc.messages))
        else:
            outcome.done += 1
    return outcome
