"""Live broadcast over the channel layer, always after the database commit.

Each event is serialized to JSON once per broadcast; the consumers' handlers
forward the prepared text to their socket without touching the database.

Channel-layer groups:
- ``group-<id>``: every socket reading the group;
- ``group-<id>-mods``: moderators' sockets (held messages, queue changes);
- ``user-<id>``: every socket of one person (their own held messages, and
  close orders after a ban, removal, leaving, logout or account deletion).
"""

import json
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from .models import Message

log = logging.getLogger(__name__)


def group_channel(group_id):
    return f"group-{group_id}"


def moderators_channel(group_id):
    return f"group-{group_id}-mods"


def user_channel(user_id):
    return f"user-{user_id}"


def serialize_message(message):
    """The one JSON shape of a message for clients (docs/protocol.md)."""
    author = message.author
    return {
        "id": message.pk,
        "topic": message.topic_id,
        "chat": message.topic.is_chat,
        "author": author.display_name if author else None,
        "author_id": author.pk if author else None,
        "html": message.body_html,
        "status": message.status,
        "created": message.created_at.isoformat(),
        "edited": message.edited_at.isoformat() if message.edited_at else None,
    }


def _send(channel_group, event_type, payload):
    layer = get_channel_layer()
    if layer is None:
        return
    text = json.dumps({"type": event_type, **payload}, separators=(",", ":"))
    try:
        async_to_sync(layer.group_send)(channel_group, {"type": "live.event", "text": text})
    except Exception:
        # The database is the source of truth: clients catch up by last seen id.
        log.exception("live: broadcast of %s failed", event_type)


def message_event(message_id, event_type="message.new"):
    """Announce a new or edited message to those who may see it."""
    message = Message.objects.select_related("author", "topic").filter(pk=message_id).first()
    if message is None:
        return
    payload = {"message": serialize_message(message)}
    if message.status == Message.Status.PUBLISHED:
        _send(group_channel(message.group_id), event_type, payload)
    elif message.status in (Message.Status.HELD, Message.Status.HIDDEN):
        _send(moderators_channel(message.group_id), event_type, payload)
        if message.author_id:
            _send(user_channel(message.author_id), event_type, payload)


def message_gone(message):
    """A message was removed, hidden or deleted: take it off every open screen."""
    payload = {"id": message.pk, "topic": message.topic_id, "status": message.status}
    _send(group_channel(message.group_id), "message.removed", payload)


def close_user_sockets(user_id, group_id=None, reason="access"):
    """Close `user_id`'s sockets: for one group, or all of them when group_id is None."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(
            user_channel(user_id), {"type": "session.close", "group_id": group_id, "reason": reason}
        )
    except Exception:
        log.exception("live: close order failed")
