"""The frames of the group socket, as plain functions: reading one client frame, and answering it.

Reading: the shape is checked before anything looks inside.

`json.loads` accepts NaN, Infinity and 1e400, raises RecursionError on deep nesting, and `frame["type"]` may
be a list or an object (PITFALLS.md). Every way a frame can be wrong becomes an error frame with its own
code; the socket stays open.

Answering: each handler takes the person, the group and the parsed frame and returns the list of
frames to send back (docs/protocol.md). The consumer (groups/consumers.py) calls `handle_frame`;
tests call the handlers without a socket. Every read goes through the gate and `messages.py`.
"""

import json

from django.db import Error as DatabaseError
from django.utils.translation import gettext as _
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from moderation import pipeline

from .. import access, live
from ..membership import members
from . import actions, client_ids, messages
from .replies import crisis_prompt, error  # noqa: F401  (also imported from here by the other sockets)

MAX_FRAME_CHARS = 32_000  # below daphne's own message limit, so our error frame answers first
RETRY_AFTER = 5  # seconds a client waits before it sends again after `unavailable`
# What a frame's work may meet while PostgreSQL or Redis restarts: the sender gets `unavailable`, not a 1011.
UNAVAILABLE = (DatabaseError, RedisConnectionError, RedisTimeoutError, OSError)


def _no_constants(name):
    raise ValueError(f"{name} is not JSON a client sends")


def parse(text_data=None, bytes_data=None):
    """(frame dict with a str "type", None) or (None, error frame)."""
    if text_data is None:
        return None, error("bad_json", _("This socket takes text frames only. Reload the page."))
    if len(text_data) > MAX_FRAME_CHARS:
        return None, error("too_large", _("Frames can be at most %(n)s characters.") % {"n": MAX_FRAME_CHARS})
    try:
        frame = json.loads(text_data, parse_constant=_no_constants)
    except (ValueError, RecursionError):
        frame = None
    if not isinstance(frame, dict) or not isinstance(frame.get("type"), str) or not frame["type"]:
        return None, error("bad_json", _("That was not a valid frame. Reload the page."))
    return frame, None


def unavailable(frame):
    """The answer when the database or Redis is down: the client keeps the text and tries again."""
    return error(
        "unavailable",
        _("We could not do that just now: the service is restarting. Your text is kept; it is sent again shortly."),
        client_id=client_ids.clean(frame.get("client_id")),
        retry_after=RETRY_AFTER,
    )


# --- answering frames ------------------------------------------------------------------------------------------


def frame_send(user, group, frame):
    topic = messages.topic_in(group, frame.get("topic"))
    if topic is None:
        return [error("not_found", _("This topic is not in this group. Reload the page."))]
    return send_in(user, group, topic, frame)


def send_in(user, group, topic, frame):
    """A `send` frame's text saved in `topic`, answered: `ack` (a resend of a stored `client_id` gets the
    stored message's ack again, docs/protocol.md), or an error; the crisis prompt after the ack."""
    text = frame.get("text")
    if not isinstance(text, str):
        return [error("bad_request", _("A message needs some text."))]
    client_id = client_ids.clean(frame.get("client_id"))
    reply_to = messages.reply_target(user, group, topic, frame.get("reply_to"))
    kind = pipeline.Kind.MESSAGE
    result = pipeline.submit(user, group, text, kind=kind, topic=topic, client_id=client_id, reply_to=reply_to)
    if not result.ok:
        code = "rate_limited" if result.retry_after else "refused"
        return [error(code, result.reason, client_id=client_id, retry_after=result.retry_after)]
    replies = [
        {
            "type": "ack",
            "client_id": client_id,
            "outcome": str(result.outcome),
            "reason": result.reason,
            "message": live.serialize_message(result.message),
        }
    ]
    if result.crisis:
        replies.append(crisis_prompt(result))
    return replies


def frame_history(user, group, frame):
    topic = messages.topic_in(group, frame.get("topic"))
    if topic is None:
        return [error("not_found", _("This topic is not in this group. Reload the page."))]
    page = messages.history_page(user, group, topic, before=frame.get("before"))
    return [{"type": "history", "messages": live.serialize_messages(page.messages), "more": page.more}]


def frame_resume(user, group, frame):
    topic = messages.topic_in(group, frame.get("topic"))
    if topic is None:
        return [error("not_found", _("This topic is not in this group. Reload the page."))]
    page = messages.messages_after(user, group, topic, frame.get("after"))
    return [
        {
            "type": "replay",
            "messages": live.serialize_messages(page.messages),
            "more": page.more,
            "gone": messages.gone_since(user, group, topic, frame.get("have")),
        }
    ]


def frame_read(user, group, frame):
    return [{"type": "read", "last_read": members.mark_read(user, group, frame.get("id")) or 0}]


HANDLERS = {
    "send": frame_send,
    "history": frame_history,
    "resume": frame_resume,
    "read": frame_read,
    **actions.HANDLERS,  # acting on one message: react, source, edit, delete, report, remove
}


def recheck(user, group):
    """Fresh standing for a frame: (user reloaded from the database, may_read).

    A deactivated or deleted account, a ban or a removal all answer False.
    """
    fresh, st = access.reread(user, group)
    if fresh is None:
        return None, False
    return fresh, st.allows(access.Need.READ)


def handle_frame(user, group, frame, trust=None):
    """One frame from the socket, in one trip to the database thread: (fresh user or None, replies).

    Re-checks access first (None: close the socket): a fresh read, or the socket's `trust` (its last read,
    while the person's access stamp has not moved: groups/access/trust.py). The gate's answers are
    remembered only while this one frame is handled, never into the next.
    """
    return access.remembering(_handle_frame, user, group, frame, trust)


def _handle_frame(user, group, frame, trust=None):
    if trust is not None and trust.vouches_for(user):
        fresh, st = user, trust.standing
        trust.remember(user)
    else:
        fresh, st = access.reread(user, group)
        if trust is not None:
            trust.learn(fresh, st)
    if fresh is None or not st.allows(access.Need.READ):
        return None, []
    group = st.group  # read again with the membership: the socket's copy may predate an archiving
    if frame["type"] in ("typing", "ping"):  # the consumer answers these itself
        return fresh, []
    handler = HANDLERS.get(frame["type"])
    if handler is None:
        return fresh, [error("unknown_type", _("Unknown frame type."))]
    return fresh, handler(fresh, group, frame)
