"""Socket frames of a support conversation (/ws/support/<slug>/<id>/), the same shapes as the chat's
(docs/protocol.md), each re-checked through the support door of the gate."""

from django.contrib.auth import get_user_model
from django.http import Http404
from django.utils.translation import gettext as _

from peersupport.params import client_int

from .. import access, live
from ..models import Topic
from . import messages
from .frames import error, send_in

PAGE_SIZE = messages.PAGE_SIZE


def history(user, topic, before=None, limit=PAGE_SIZE):
    visible = access.support_messages(user, topic)
    return messages.window(visible, topic, before=client_int(before) or None, size=limit)


def after(user, topic, after_id, limit=messages.REPLAY_LIMIT):
    return messages.window(access.support_messages(user, topic), topic, after=client_int(after_id, 0), size=limit)


def frame_send(user, topic, frame):
    return send_in(user, topic.group, topic, frame)


def frame_history(user, topic, frame):
    page = history(user, topic, frame.get("before"))
    return [{"type": "history", "messages": live.serialize_messages(page.messages), "more": page.more}]


def frame_resume(user, topic, frame):
    page = after(user, topic, frame.get("after"))
    return [
        {
            "type": "replay",
            "messages": live.serialize_messages(page.messages),
            "more": page.more,
            "gone": messages.gone_ids(access.support_messages(user, topic), frame.get("have")),
        }
    ]


def frame_read(user, topic, frame):
    return [{"type": "read", "last_read": client_int(frame.get("id"), 0)}]


HANDLERS = {"send": frame_send, "history": frame_history, "resume": frame_resume, "read": frame_read}


def connect(user, slug, topic_id):
    """(topic, role) for a socket that may open, else (None, None)."""
    if client_int(topic_id) is None:
        return None, None
    try:
        return access.access_support(user, slug, topic_id)
    except Http404:  # the socket is refused as for an unknown address
        return None, None


def handle_frame(user, topic, frame):
    """(fresh user or None to close, replies): re-reads the person and the conversation, then answers."""
    fresh = get_user_model().objects.filter(pk=user.pk, is_active=True).first()
    current = Topic.objects.select_related("group").filter(pk=topic.pk).first()
    if fresh is None or current is None or access.support_role(fresh, current) is None:
        return None, []
    if frame["type"] in ("typing", "ping"):
        return fresh, []
    handler = HANDLERS.get(frame["type"])
    if handler is None:
        return fresh, [error("unknown_type", _("Unknown frame type."))]
    return fresh, handler(fresh, current, frame)
