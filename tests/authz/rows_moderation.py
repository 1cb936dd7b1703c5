"""Rows for the moderation queue, item pages, notes and log (namespace moderation)."""

from groups.models import Message, Topic
from moderation.models import QueueItem
from tests.authz.matrix import FORBIDDEN, LOGIN, NOT_ALLOWED, OK, REDIRECT, Row, expect, moderators_only


def setup(world):
    group = world.group
    topic = Topic.objects.create(group=group, title="Queue topic", created_by=world.member)
    world.held = Message.objects.create(
        group=group, topic=topic, author=world.member, body_source="held", body_html="<p>held</p>", status="held"
    )
    world.shown = Message.objects.create(
        group=group, topic=topic, author=world.member, body_source="shown", body_html="<p>shown</p>"
    )
    world.item = QueueItem.objects.create(group=group, kind=QueueItem.Kind.HELD, message=world.held)


def _slug(w):
    return {"slug": w.group.slug}


def _item(w):
    return {"slug": w.group.slug, "item_id": w.item.pk}


def _shown(w):
    return {"slug": w.group.slug, "message_id": w.shown.pk}


def _member(w):
    return {"slug": w.group.slug, "user_id": w.member.pk}


POST_ONLY = expect(NOT_ALLOWED, anonymous=LOGIN)

ROWS = [
    Row(
        "moderation:queue",
        expect(FORBIDDEN, anonymous=LOGIN, moderator=OK, owner=OK, staff=OK, other_group_moderator=OK),
    ),
    Row("moderation:group-queue", moderators_only(OK), _slug),
    Row("moderation:log", moderators_only(OK), _slug),
    Row("moderation:item-detail", moderators_only(OK), _item),
    Row("moderation:item-claim", POST_ONLY, _item, note="POST only"),
    Row("moderation:item-claim", moderators_only(REDIRECT), _item, method="POST"),
    Row("moderation:item-release", POST_ONLY, _item, note="POST only"),
    Row("moderation:item-release", moderators_only(REDIRECT), _item, method="POST"),
    Row("moderation:item-act", POST_ONLY, _item, note="POST only"),
    Row("moderation:item-act", moderators_only(REDIRECT), _item, method="POST", data=lambda w: {"action": "approve"}),
    Row("moderation:message-remove", moderators_only(OK), _shown),
    Row(
        "moderation:message-remove",
        moderators_only(REDIRECT),
        _shown,
        method="POST",
        data=lambda w: {"rule": "Be kind."},
    ),
    Row("moderation:member-notes", moderators_only(OK), _member),
    Row(
        "moderation:member-notes",
        moderators_only(REDIRECT),
        _member,
        method="POST",
        data=lambda w: {"text": "Checked in."},
    ),
]

# Batch decisions from the queue (moderation/batch.py): POST only; anyone signed in is sent back to the queue,
# and only items in groups they moderate are touched (tests/moderation/test_batch.py proves nothing else changes).
# With the group named, the gate answers for that group first.
ROWS += [
    Row("moderation:queue-batch", POST_ONLY, note="POST only"),
    Row(
        "moderation:queue-batch",
        expect(REDIRECT, anonymous=LOGIN),
        method="POST",
        data=lambda w: {"act": f"approve:{w.item.pk}"},
    ),
    Row(
        "moderation:queue-batch",
        moderators_only(REDIRECT),
        method="POST",
        data=lambda w: {"act": f"approve:{w.item.pk}", "group": w.group.slug},
        note="named group",
    ),
]

# The urgent-item care form (moderation/care.py): moderators close an urgent item with an outcome.
ROWS += [
    Row("moderation:item-handle", POST_ONLY, _item, note="POST only"),
    # world.item is a held item: moderators are told only urgent items are handled (400, the page again).
    Row("moderation:item-handle", moderators_only(400), _item, method="POST", data=lambda w: {"outcome": "supported"}),
]
