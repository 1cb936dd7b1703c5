"""Reading one client frame of a group or support socket: the shape is checked before anything looks inside.

`json.loads` accepts NaN, Infinity and 1e400, raises RecursionError on deep nesting, and `frame["type"]` may
be a list or an object (PITFALLS.md). Every way a frame can be wrong becomes an error frame with its own
code; the socket stays open.
"""

import json

from django.db import Error as DatabaseError
from django.utils.translation import gettext as _
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

MAX_FRAME_CHARS = 32_000  # below daphne's own message limit, so our error frame answers first
RETRY_AFTER = 5  # seconds a client waits before it sends again after `unavailable`
# What a frame's work may meet while PostgreSQL or Redis restarts: the sender gets `unavailable`, not a 1011.
UNAVAILABLE = (DatabaseError, RedisConnectionError, RedisTimeoutError, OSError)


def _no_constants(name):
    raise ValueError(f"{name} is not JSON a client sends")


def error(code, message, **extra):
    return {"type": "error", "code": code, "message": str(message), **extra}


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
        client_id=str(frame.get("client_id", ""))[:64],
        retry_after=RETRY_AFTER,
    )
