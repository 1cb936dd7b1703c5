"""Socket frames of a support conversation (/ws/support/<slug>/<id>/), the same shapes as the chat's
(docs/protocol.md), each re-checked through the support door of the gate."""

from django.contrib.auth import get_user_model
from django.http import Http404
from django.utils.translation import gettext as _

from moderation import pipeline
from peersupport.params import client_int

from .. import access, chat, live
from ..models import Topic

PAGE_SIZE = chat.PAGE_SIZE


def _messages(user, topic):
    return access.support_messages(user, topic).select_related("author", "topic")


def history(user, topic, before=None, limit=PAGE_SIZE):
    rows = _messages(user, topic)
    if before := chat._int(before):
        rows = rows.filter(pk__lt=before)
    rows = list(rows.order_by("-pk")[: limit + 1])
    return chat.Page(messages=rows[:limit][::-1], more=len(rows) > limit)


def after(user, topic, after_id, limit=chat.REPLAY_LIMIT):
    rows = list(_messages(user, topic).filter(pk__gt=chat._int(after_id)).order_by("pk")[: limit + 1])
    return chat.Page(messages=rows[:limit], more=len(rows) > limit)


def frame_send(user, topic, frame):
    text = frame.get("text")
    if not isinstance(text, str):
        return [chat.error("bad_request", _("A message needs some text."))]
    result = pipeline.submit(user, topic.group, text, kind=pipeline.Kind.MESSAGE, topic=topic)
    client_id = str(frame.get("client_id", ""))[:64]
    if not result.ok:
        code = "rate_limited" if result.retry_after else "refused"
        return [chat.error(code, result.reason, client_id=client_id, retry_after=result.retry_after)]
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
        replies.append(chat.crisis_prompt())
    return replies


def frame_history(user, topic, frame):
    page = history(user, topic, frame.get("before"))
    return [{"type": "history", "messages": [live.serialize_message(m) for m in page.messages], "more": page.more}]


def frame_resume(user, topic, frame):
    page = after(user, topic, frame.get("after"))
    have = frame.get("have")
    ids = {n for n in (chat._int(x, -1) for x in (have if isinstance(have, list) else [])[: chat.HAVE_LIMIT]) if n > 0}
    still = set(_messages(user, topic).filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    return [
        {
            "type": "replay",
            "messages": [live.serialize_message(m) for m in page.messages],
            "more": page.more,
            "gone": sorted(ids - still),
        }
    ]


def frame_read(user, topic, frame):
    return [{"type": "read", "last_read": chat._int(frame.get("id"))}]


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
        return fresh, [chat.error("unknown_type", _("Unknown frame type."))]
    return fresh, handler(fresh, current, frame)
