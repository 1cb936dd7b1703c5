"""Chat logic in plain functions: history pages, resume, read marks, socket frames.

The consumer (groups/consumers.py) and the chat views call these; tests call
them without a socket. Every read goes through ``access.visible_messages`` so
the chat shows exactly what the gate allows, and nothing here trusts an id
sent by a client beyond using it as a keyset bound.
"""

from dataclasses import dataclass

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _

from moderation import pipeline
from peersupport.params import client_int

from . import access, live
from .models import Membership, Topic

PAGE_SIZE = 50
REPLAY_LIMIT = 200
HAVE_LIMIT = 500  # ids a resuming client may ask about


@dataclass(frozen=True)
class Page:
    messages: list  # oldest first
    more: bool  # older (history) or newer (replay) messages remain


def _int(value, default=0):
    """A non-negative id from client input, or `default`."""
    return client_int(value, default)


def topic_in(group, topic_id=None):
    """The group's topic `topic_id` (the chat topic when None), or None if not in this group."""
    if topic_id in (None, ""):
        return group.chat_topic()
    return Topic.objects.filter(group=group, pk=_int(topic_id, -1), support_member__isnull=True).first()


def _visible(user, group, topic):
    return access.visible_messages(user, group).filter(topic=topic).select_related("author", "topic")


def history_page(user, group, topic, before=None, limit=PAGE_SIZE):
    """The `limit` visible messages just before id `before` (the newest when None), oldest first."""
    messages = _visible(user, group, topic)
    if before := _int(before):
        messages = messages.filter(pk__lt=before)
    rows = list(messages.order_by("-pk")[: limit + 1])
    return Page(messages=rows[:limit][::-1], more=len(rows) > limit)


def messages_after(user, group, topic, after, limit=REPLAY_LIMIT):
    """Visible messages with an id above `after`, in order, each once; `more` when capped."""
    rows = list(_visible(user, group, topic).filter(pk__gt=_int(after)).order_by("pk")[: limit + 1])
    return Page(messages=rows[:limit], more=len(rows) > limit)


def mark_read(user, group, message_id):
    """Move the member's read mark forward to `message_id` (never back, never past the newest message).

    Returns the read mark now stored, or None for someone without a membership.
    """
    newest = group.messages.aggregate(newest=Max("pk"))["newest"] or 0
    target = min(_int(message_id), newest)
    Membership.objects.filter(group=group, user=user, last_read_message_id__lt=target).update(
        last_read_message_id=target
    )
    return Membership.objects.filter(group=group, user=user).values_list("last_read_message_id", flat=True).first()


def last_read(user, group):
    mark = Membership.objects.filter(group=group, user=user).values_list("last_read_message_id", flat=True).first()
    return mark or 0


def first_unread_id(user, group, topic, read_mark=None):
    """Id of the first visible message after the read mark, written by someone else; None when all is read."""
    mark = last_read(user, group) if read_mark is None else read_mark
    unread = _visible(user, group, topic).filter(pk__gt=mark).exclude(author=user).order_by("pk")
    return unread.values_list("pk", flat=True).first()


# --- socket frames -----------------------------------------------------------
# Each handler takes the person, the group and the parsed frame and returns the
# list of frames to send back (docs/protocol.md).


def error(code, message, **extra):
    return {"type": "error", "code": code, "message": str(message), **extra}


def frame_send(user, group, frame):
    topic = topic_in(group, frame.get("topic"))
    if topic is None:
        return [error("not_found", _("This topic is not in this group. Reload the page."))]
    text = frame.get("text")
    if not isinstance(text, str):
        return [error("bad_request", _("A message needs some text."))]
    result = pipeline.submit(user, group, text, kind=pipeline.Kind.MESSAGE, topic=topic)
    client_id = str(frame.get("client_id", ""))[:64]
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


def crisis_prompt(result=None):
    """The kind prompt frame, once per message, in the message's language where the text tells it."""
    from django.utils import translation

    from moderation import distress
    from moderation.alerts import crisis

    message = getattr(result, "message", None)
    text = message.body_source if message is not None else getattr(result, "text", "")
    with translation.override(crisis.prompt_language(distress.detect_language(text or ""))):
        return {
            "type": "crisis",
            "message_id": message.pk if message is not None else None,
            "language": translation.get_language(),
            "message": _(
                "It sounds like things are very hard right now. You are not alone: help is there day and night."
            ),
            "help": _("Get help now"),
            "close": _("Close"),
            "url": reverse("crisis-help"),
        }


def frame_history(user, group, frame):
    topic = topic_in(group, frame.get("topic"))
    if topic is None:
        return [error("not_found", _("This topic is not in this group. Reload the page."))]
    page = history_page(user, group, topic, before=frame.get("before"))
    return [{"type": "history", "messages": [live.serialize_message(m) for m in page.messages], "more": page.more}]


def gone_since(user, group, topic, have):
    """Of the message ids a reconnecting client shows (`have`), those it may no longer see.

    A removal broadcast while the client was offline is lost with the socket; the
    database still knows, so the client is told on resume. At most HAVE_LIMIT ids.
    """
    ids = {n for n in (_int(x, -1) for x in (have if isinstance(have, list) else [])[:HAVE_LIMIT]) if n > 0}
    if not ids:
        return []
    still = set(_visible(user, group, topic).filter(pk__in=ids).values_list("pk", flat=True))
    return sorted(ids - still)


def frame_resume(user, group, frame):
    topic = topic_in(group, frame.get("topic"))
    if topic is None:
        return [error("not_found", _("This topic is not in this group. Reload the page."))]
    page = messages_after(user, group, topic, frame.get("after"))
    return [
        {
            "type": "replay",
            "messages": [live.serialize_message(m) for m in page.messages],
            "more": page.more,
            "gone": gone_since(user, group, topic, frame.get("have")),
        }
    ]


def frame_read(user, group, frame):
    return [{"type": "read", "last_read": mark_read(user, group, frame.get("id")) or 0}]


HANDLERS = {"send": frame_send, "history": frame_history, "resume": frame_resume, "read": frame_read}


def recheck(user, group):
    """Fresh standing for a frame: (user reloaded from the database, may_read).

    A deactivated or deleted account, a ban or a removal all answer False.
    """
    fresh, st = access.reread(user, group)
    if fresh is None:
        return None, False
    return fresh, access.standing_allows(st, access.Need.READ)


def handle_frame(user, group, frame):
    """One frame from the socket, in one trip to the database thread: (fresh user or None, replies).

    Re-checks access first (None: close the socket); the gate's answers are
    remembered only while this one frame is handled, never into the next.
    """
    return access.remembering(_handle_frame, user, group, frame)


def _handle_frame(user, group, frame):
    fresh, may_read = recheck(user, group)
    if not may_read:
        return None, []
    if frame["type"] in ("typing", "ping"):  # the consumer answers these itself
        return fresh, []
    handler = HANDLERS.get(frame["type"])
    if handler is None:
        return fresh, [error("unknown_type", _("Unknown frame type."))]
    return fresh, handler(fresh, group, frame)
