"""The moderation queue and its log: the only module that writes QueueItem and ModerationLog rows.

An item waits (open) until a moderator decides; resolving it keeps who and when. The log is
append-only: who did what to which message, join request or person, and when (its free text is
emptied later, see log_retention.py). Callers run these inside their own transaction, beside the
change they describe. A structural test (tests/moderation/test_queue.py) fails when another module
creates or updates these rows.

`moderation_totals` (the navigation's count of open items) left the gate for here: counting open items
is the queue's business, and the gate must not know the queue's statuses.
"""

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone

from groups import access, limits
from peersupport.reasons import as_reason

from .models import ModerationLog, QueueItem

OPEN = QueueItem.Status.OPEN


# --- the log ------------------------------------------------------------------------------------


def record(actor, group, action, *, target_user=None, message=None, join_request=None, reason=""):
    """Append one log row; `actor` None means the service did it (hidden after reports, escalation).

    `reason`: a Reason (a code, its parameters, free text) or free text (peersupport/reasons.py).
    """
    return ModerationLog.objects.create(
        group=group,
        actor=actor,
        action=action,
        target_user=target_user,
        message=message,
        join_request=join_request,
        **as_reason(reason).fields(),
    )


def record_item(actor, item, action, *, target_user=None, reason=""):
    """Append a log row about queue `item` (its group, message and join request), without loading them."""
    return ModerationLog.objects.create(
        group_id=item.group_id,
        actor=actor,
        action=action,
        target_user=target_user,
        message_id=item.message_id,
        join_request_id=item.join_request_id,
        **as_reason(reason).fields(),
    )


def redact_reasons_before(cutoff):
    """Empty the free text of log rows written at or before `cutoff`; return how many."""
    return ModerationLog.objects.filter(created_at__lte=cutoff).redact_reasons()


def redact_reasons_about(user):
    """Empty the free text of every log row about `user`; return how many."""
    return ModerationLog.objects.filter(target_user=user).redact_reasons()


# --- items --------------------------------------------------------------------------------------


def open_items(groups):
    """Open queue items of `groups`, urgent first, then oldest."""
    return (
        QueueItem.objects.filter(group__in=groups, status=OPEN)
        .select_related("group", "message__author", "message__topic", "join_request__user", "claimed_by")
        .order_by("-urgent", "created_at", "id")
    )


def with_care_flag(items):
    """`items` with `cared_for`: its message has an open urgent item, so it is decided on its own page (care.py),
    never from the queue's list or a batch (deciding it would close the urgent item too)."""
    urgent = QueueItem.objects.filter(message_id=OuterRef("message_id"), urgent=True, status=OPEN)
    return items.annotate(cared_for=Exists(urgent))


PAGE = 25  # items per queue page: enough to work through, few enough for a phone


def open_page(groups, *, kind="", after=None, size=PAGE):
    """A page of `open_items` after the item `after` (an id), and whether more follow: (items, more).

    Keyset paging on the queue's order (urgent first, then oldest): items that arrive while a moderator
    works through the pages join the end, or the top when urgent, and none is shown twice or skipped.
    """
    items = with_care_flag(open_items(groups))
    if kind:
        items = items.filter(kind=kind)
    if after is not None:
        mark = QueueItem.objects.filter(group__in=groups, pk=after).values("urgent", "created_at", "id").first()
        if mark is not None:
            urgent, created = mark["urgent"], mark["created_at"]
            items = items.filter(
                Q(urgent__lt=urgent)
                | Q(urgent=urgent, created_at__gt=created)
                | Q(urgent=urgent, created_at=created, id__gt=mark["id"])
            )
    page = list(items[: size + 1])
    return page[:size], len(page) > size


def open_of(*, message=None, join_request=None, kinds=None):
    """The open items about `message` or `join_request` (of `kinds`, when given)."""
    items = QueueItem.objects.filter(status=OPEN)
    items = items.filter(message=message) if message is not None else items.filter(join_request=join_request)
    return items.filter(kind__in=kinds) if kinds else items


def open_item(group, kind, *, message=None, join_request=None, urgent=False, reason=""):
    """(item, created): the open item of `kind` about `message` or `join_request`, opened if there is none."""
    existing = open_of(message=message, join_request=join_request, kinds=[kind]).first()
    if existing is not None:
        return existing, False
    item = QueueItem.objects.create(
        group=group, kind=kind, message=message, join_request=join_request, urgent=urgent, **_item_reason(reason)
    )
    return item, True


def _item_reason(reason):
    fields = as_reason(reason).fields()
    return {**fields, "reason": fields["reason"][: limits.LINE]}


def reword_item(item, reason):
    """Say on the item why it waits (hidden after reports, a new invitation answer)."""
    fields = _item_reason(reason)
    for name, value in fields.items():
        setattr(item, name, value)
    QueueItem.objects.filter(pk=item.pk).update(**fields)


def resolve_items(actor, *, message=None, join_request=None, kinds=None, now=None):
    """Close the open items about `message` or `join_request` (of `kinds`); return how many."""
    return open_of(message=message, join_request=join_request, kinds=kinds).update(
        status=QueueItem.Status.RESOLVED, resolved_at=now or timezone.now(), resolved_by=actor
    )


def close_urgent(actor, item, outcome, note, now):
    """Close an open urgent item with how it ended; False when someone closed it first."""
    return bool(
        QueueItem.objects.filter(pk=item.pk, status=OPEN).update(
            status=QueueItem.Status.RESOLVED,
            outcome=outcome,
            outcome_note=note,
            resolved_by=actor,
            resolved_at=now,
            claimed_by=item.claimed_by_id or actor.pk,
            claimed_at=item.claimed_at or now,
        )
    )


def claim(actor, item):
    """Take an open item unless someone else has it (a compare-and-set: two moderators never both win)."""
    unclaimed = Q(claimed_by__isnull=True) | Q(claimed_by=actor)
    taken = QueueItem.objects.filter(unclaimed, pk=item.pk, status=OPEN)
    return bool(taken.update(claimed_by=actor, claimed_at=timezone.now()))


def release(actor, item):
    """Give back an item `actor` holds."""
    return bool(QueueItem.objects.filter(pk=item.pk, claimed_by=actor).update(claimed_by=None, claimed_at=None))


def forget_urgent(message_ids):
    """The author deleted these messages: their urgent items go, and other items lose the flag."""
    QueueItem.objects.filter(message_id__in=message_ids, kind=QueueItem.Kind.URGENT).delete()
    QueueItem.objects.filter(message_id__in=message_ids, urgent=True).update(urgent=False)


def purge_urgent(cutoff):
    """Delete urgent items raised before `cutoff` and unflag older items: (count, ids of their messages)."""
    old = QueueItem.objects.filter(kind=QueueItem.Kind.URGENT, created_at__lt=cutoff)
    message_ids = set(old.exclude(message=None).values_list("message_id", flat=True))
    count = old.count()
    old.delete()
    QueueItem.objects.filter(urgent=True, created_at__lt=cutoff).update(urgent=False)
    return count, message_ids


def with_oldest_open(groups):
    """`groups` annotated with `open_count`, and the `oldest_open_at` and `oldest_open_kind` of their oldest
    open item (the staff dashboard): still one query."""
    oldest = QueueItem.objects.filter(group=OuterRef("pk"), status=OPEN).order_by("created_at", "id")
    return groups.annotate(
        open_count=Count("queue_items", filter=Q(queue_items__status=OPEN)),
        oldest_open_at=Subquery(oldest.values("created_at")[:1]),
        oldest_open_kind=Subquery(oldest.values("kind")[:1]),
    )


# --- what waits for a person ---------------------------------------------------------------------


NONE_MODERATED = {"groups": 0, "items": 0}


def moderation_totals(user):
    """{"groups": how many groups `user` moderates, "items": open queue items in them}; one query,
    remembered for the rest of a GET request (the two-factor check and the navigation both ask)."""

    def totals():
        open_items = Q(queue_items__status=OPEN)
        return access.moderated_groups(user).aggregate(
            groups=Count("id", distinct=True), items=Count("queue_items", filter=open_items, distinct=True)
        )

    if not user.is_authenticated:
        return dict(NONE_MODERATED)

    def first_look():
        # Cheap (staff, or a moderator's membership): most people moderate nothing, and the aggregate is costly.
        may_moderate = access.must_use_two_factor(user) and not access.lacks_second_factor(user)
        return totals() if may_moderate else NONE_MODERATED

    return access.per_request(("moderation-totals", user.pk), first_look)
