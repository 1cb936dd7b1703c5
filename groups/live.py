"""Live broadcast over the channel layer, always after the database commit.

Each event is serialized to JSON once per broadcast; the consumers' handlers
forward the prepared text to their socket without touching the database.

Channel-layer groups:
- ``group-<id>``: every socket reading the group;
- ``group-<id>-mods``: moderators' sockets (held messages, queue changes);
- ``user-<id>``: every socket of one person (their own held messages, and
  close orders after a ban, removal, leaving, logout or account deletion);
- ``support-<topic id>``: the sockets open on one private support conversation
  (its member and helpers). Its messages never go to ``group-<id>``.

Sync helpers (``message_event``...) are for views, actions and tasks; the
``*_frame`` builders return channel-layer events that the async consumer sends
itself. The JSON shapes are documented in docs/protocol.md.
"""

import json
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from . import access, message_extras
from .models import Message, Topic

log = logging.getLogger(__name__)

# Close codes (docs/protocol.md): the group sockets and the bell's socket close with the same ones.
RECONNECT, SIGNED_OUT, NO_ACCESS, ACCOUNT_DELETED = 4000, 4401, 4403, 4410
TRY_AGAIN_LATER = 1013  # the channel layer was down at the handshake (RFC 6455's "try again later")
SIGNED_OUT_REASONS = ("logout", "password")


def close_code(reason):
    """The close code for a close order's reason: the client tells them apart."""
    if reason == "account-deleted":
        return ACCOUNT_DELETED
    return SIGNED_OUT if reason in SIGNED_OUT_REASONS else NO_ACCESS


def group_channel(group_id):
    return f"group-{group_id}"


def moderators_channel(group_id):
    return f"group-{group_id}-mods"


def user_channel(user_id):
    return f"user-{user_id}"


def support_channel(topic_id):
    return f"support-{topic_id}"


def serialize_messages(messages):
    """`serialize_message` for a page of one group's messages: its moderators are read once for the page
    (or not at all when the page's query said whether each author moderates, as `messages.window` does)."""
    annotated = all(hasattr(m, "author_moderates") for m in messages)
    moderators = None if annotated or not messages else access.moderator_ids(messages[0].group_id)
    return [serialize_message(m, moderators) for m in messages]


def serialize_message(message, moderators=None):
    """The one JSON shape of a message for clients (docs/protocol.md), with the author's badges: members see
    who moderates and who is a professional. Whether the author moderates comes from `moderators` (the group's
    moderator ids), else the message's `author_moderates` annotation, else the author's (remembered) standing."""
    author = message.author
    return {
        "id": message.pk,
        "group": message.group_id,
        "topic": message.topic_id,
        "chat": message.topic.is_chat,
        "author": author.display_name if author else None,
        "author_id": author.pk if author else None,
        "moderator": bool(author) and _moderates(message, moderators),
        "professional": bool(author) and author.is_professional,
        "html": message.body_html,
        "status": message.status,
        "created": message.created_at.isoformat(),
        "edited": message.edited_at.isoformat() if message.edited_at else None,
        "reply_to": message_extras.quote(message),
        "reactions": getattr(message, "reaction_counts", {}),  # attached by message_extras.with_reactions
    }


def _moderates(message, moderators):
    if moderators is not None:
        return message.author_id in moderators
    if hasattr(message, "author_moderates"):
        return message.author_moderates
    membership = access.standing(message.author, message.group).membership
    return membership is not None and membership.is_moderator


def live_frame(event_type, payload):
    """A channel-layer event whose JSON text is serialized here, once for all recipients."""
    return {"type": "live.event", "text": json.dumps({"type": event_type, **payload}, separators=(",", ":"))}


def typing_frame(group_id, user, topic_id, sender_channel):
    """Someone is typing; consumers drop it for the sender's own sockets and for people who turned typing off."""
    payload = {"group": group_id, "topic": topic_id, "author": user.display_name, "author_id": user.pk}
    return {**live_frame("typing", payload), "type": "typing.event", "author_id": user.pk, "sender": sender_channel}


def presence_frame(group_id, count):
    """A new "here now" count. Each socket hears how many *others* are here: the two texts are prepared
    once, and a socket whose person is counted (presence on) gets the one that leaves them out."""
    payload = {"group": group_id, "count": count}
    return {
        "type": "presence.event",
        "text": live_frame("presence", {**payload, "others": count})["text"],
        "text_counted": live_frame("presence", {**payload, "others": max(count - 1, 0)})["text"],
    }


def presence_text(frame, counted):
    """The text of a presence frame for one socket: `counted` when its person is in the count."""
    return frame["text_counted" if counted else "text"]


def _send(channel_group, event_type, payload, event=None):
    layer = get_channel_layer()
    if layer is None:
        return
    event = dict(event or live_frame(event_type, payload))
    if payload and "message" in payload:  # the watcher's resume point should the layer be lost (groups/live_watch.py)
        event["message_id"], event["event"] = payload["message"]["id"], event_type
    try:
        async_to_sync(layer.group_send)(channel_group, event)
    except Exception:
        # The database is the source of truth: clients catch up by last seen id.
        log.exception("live: broadcast of %s failed", event_type)


def message_event(message_id, event_type="message.new", message=None):
    """Announce a new or edited message to those who may see it.

    `message`: the message as just saved, with its author, topic and `author_moderates` (the pipeline's, for a
    new message: a sender's broadcast then reads nothing); else it is read here.
    """
    if message is None:
        message = (
            Message.objects.select_related("author", "topic", "reply_to__author")
            .annotate(author_moderates=access.author_moderates())
            .filter(pk=message_id)
            .first()
        )
    if message is None:
        return
    if event_type != "message.new":  # a new message has no reactions yet: no query for it
        message_extras.with_reactions([message])
    payload = {"message": serialize_message(message)}
    if message.topic.support_member_id is not None:
        if message.status == Message.Status.PUBLISHED:
            _send(support_channel(message.topic_id), event_type, payload)
        return
    if message.status == Message.Status.PUBLISHED:
        _send(group_channel(message.group_id), event_type, payload)
    elif message.status in (Message.Status.HELD, Message.Status.HIDDEN):
        _send(moderators_channel(message.group_id), event_type, payload)
        if message.author_id:
            _send(user_channel(message.author_id), event_type, payload)


def message_gone(message):
    """A message was removed, hidden or deleted: take it off every open screen."""
    payload = {"id": message.pk, "group": message.group_id, "topic": message.topic_id, "status": message.status}
    if Topic.objects.filter(pk=message.topic_id, support_member__isnull=False).exists():
        _send(support_channel(message.topic_id), "message.removed", payload)
    else:
        _send(group_channel(message.group_id), "message.removed", payload)


def reactions_event(message, user_id, mine):
    """A message's reaction counts changed: every reader of the group gets the counts, and the person who
    reacted (on each of their sockets) also which reactions are theirs. Nobody is told who gave which."""
    payload = {
        "id": message.pk,
        "group": message.group_id,
        "topic": message.topic_id,
        "counts": message_extras.reaction_counts([message.pk])[0].get(message.pk, {}),
    }
    _send(group_channel(message.group_id), "reactions", payload)
    _send(user_channel(user_id), "reactions", {**payload, "mine": sorted(mine)})


def support_event(topic_id, event_type, payload):
    """Tell the sockets of one support conversation (e.g. "support.ended")."""
    _send(support_channel(topic_id), event_type, payload)


def presence_event(group_id, count):
    """Broadcast a new "here now" count (used by the stale-presence cleanup)."""
    _send(group_channel(group_id), "presence", None, event=presence_frame(group_id, count))


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


def access_changed(user_id):
    """Ask `user_id`'s sockets to ask the gate again now (a role changed: the channels they joined may not fit)."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(user_channel(user_id), {"type": "access.changed"})
    except Exception:
        log.exception("live: access change order failed")


def alert_event(group_ids, event_type, payload):
    """Send one harm-reduction alert event ("alert.new", "alert.withdrawn") to each group's readers."""
    for group_id in group_ids:
        _send(group_channel(group_id), event_type, payload)


def notification_event(user_id, unread):
    """Tell `user_id`'s open pages their new unread notification count (accounts/notifications.py)."""
    _send(user_channel(user_id), "notification.new", {"unread": unread})
