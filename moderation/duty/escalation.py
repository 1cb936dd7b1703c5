"""Urgent items reach a human: the people on duty at once, then the group's moderators, then staff.

`start` runs inside the transaction that saves the message (moderation/pipeline.py
`_queue`), so the item and its first notifications commit together or not at all.
`escalate_due` runs every minute (Celery beat); each step moves the item's
UrgentEscalation stage forward with a compare-and-set update, so running it
twice, or on two workers at once, never notifies anyone twice. Every step is
written to the group's moderation log. Claiming the item (QueueItem.claimed_by)
or resolving it stops the escalation.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts.notifications.create import fan_out
from accounts.notifications.models import Notification
from groups import access
from moderation import queue
from moderation.models import QueueItem
from peersupport.reasons import Reason

from . import rota
from .models import UrgentEscalation

Stage = UrgentEscalation.Stage


def moderators_after():
    """Unclaimed this long at the people on duty, an item goes to all of the group's moderators."""
    return timedelta(minutes=getattr(settings, "DUTY_ESCALATE_MODERATORS_MINUTES", 10))


def staff_after():
    """Unclaimed this much longer, it goes to staff."""
    return timedelta(minutes=getattr(settings, "DUTY_ESCALATE_STAFF_MINUTES", 10))


def _notify(item, user_ids):
    """URGENT notifications for `user_ids` who may moderate the item's group (once each per message)."""
    if item.message_id is None or not user_ids:
        return []
    return fan_out(item.message, Notification.Kind.URGENT, user_ids)


def _names(users):
    return ", ".join(u.display_name for u in users)


def _log(item, action, reason=""):
    queue.record_item(None, item, action, reason=reason)


def _moderator_ids(item):
    return access.moderator_ids(item.group_id)


def _staff_ids():
    return set(get_user_model().objects.filter(is_staff=True, is_active=True).values_list("pk", flat=True))


def is_tracked(item):
    return item.kind == QueueItem.Kind.URGENT or item.urgent


def start(item, now=None):
    """Begin escalating urgent `item`: notify the people on duty, or every moderator when nobody is.

    Idempotent: an item (or another open item of the same message) already escalating is left alone.
    Returns the notifications created.
    """
    now = now or timezone.now()
    if not is_tracked(item) or item.status != QueueItem.Status.OPEN or item.message_id is None:
        return []
    if item.message_id and UrgentEscalation.objects.filter(item__message_id=item.message_id).exists():
        return []
    with transaction.atomic():
        _esc, created = UrgentEscalation.objects.get_or_create(
            item=item, defaults={"stage": Stage.ON_DUTY, "stage_at": now, "created_at": now}
        )
        if not created:
            return []
        people = [p for p in rota.people_on_duty(item.group, now) if p.pk != item.message.author_id]
        if people:
            sent = _notify(item, {p.pk for p in people})
            _log(item, "notified_on_duty", Reason("on_duty_told", {"names": _names(people)}))
            return sent
        sent = _notify(item, _moderator_ids(item))
        if sent:
            UrgentEscalation.objects.filter(item=item).update(stage=Stage.MODERATORS)
            _log(item, "escalated_moderators", Reason("nobody_on_duty"))
            return sent
        # No moderator can take it (none, or none with two-factor sign-in): staff at once.
        UrgentEscalation.objects.filter(item=item).update(stage=Stage.STAFF)
        sent = _notify(item, _staff_ids())
        _log(item, "escalated_staff", Reason("nobody_could_take"))
        return sent


def start_for_message(message_id, now=None):
    """Start every open urgent item of a message that is not escalating yet (a safety net for other paths)."""
    sent = []
    for item in QueueItem.objects.filter(_open_urgent(), message_id=message_id, escalation__isnull=True):
        sent += start(item, now)
    return sent


def _open_urgent():
    return Q(status=QueueItem.Status.OPEN) & (Q(kind=QueueItem.Kind.URGENT) | Q(urgent=True))


def _unclaimed():
    return Q(item__status=QueueItem.Status.OPEN, item__claimed_by__isnull=True)


def escalate_due(now=None):
    """Move every unclaimed urgent item whose time is up one step on. Returns how many moved."""
    now = now or timezone.now()
    moved = 0
    loose = QueueItem.objects.filter(_open_urgent(), escalation__isnull=True)
    loose = loose.exclude(Exists(UrgentEscalation.objects.filter(item__message_id=OuterRef("message_id"))))
    for item in loose.select_related("group", "message"):
        moved += bool(start(item, now))
    due = UrgentEscalation.objects.filter(_unclaimed()).filter(
        Q(stage=Stage.ON_DUTY, stage_at__lte=now - moderators_after())
        | Q(stage=Stage.MODERATORS, stage_at__lte=now - staff_after())
    )
    for esc in due.select_related("item__group", "item__message"):
        moved += _advance(esc, now)
    return moved


def _advance(esc, now):
    """One step on, if nobody else took this step first (compare-and-set on the stage)."""
    item = esc.item
    with transaction.atomic():
        step = UrgentEscalation.objects.filter(_unclaimed(), pk=esc.pk, stage=esc.stage)
        taken = step.update(stage=esc.stage + 1, stage_at=now)
        if not taken:
            return 0
        if esc.stage == Stage.ON_DUTY:
            _notify(item, _moderator_ids(item))
            _log(item, "escalated_moderators", _unclaimed_for(moderators_after()))
        else:
            _notify(item, _staff_ids())
            _log(item, "escalated_staff", _unclaimed_for(moderators_after() + staff_after()))
    return 1


def _unclaimed_for(delta):
    return Reason("unclaimed_for", {"count": int(delta.total_seconds() // 60)})
