"""Rows for the live chat pages (groups/content/urls.py)."""

from groups.models import Message
from tests.authz.matrix import FORBIDDEN, LOGIN, NOT_ALLOWED, OK, REDIRECT, Row, expect, members_only


def setup(world):
    chat = world.group.chat_topic()
    world.chat_message = Message.objects.create(
        group=world.group, topic=chat, author=world.owner, body_source="Still here.", body_html="<p>Still here.</p>"
    )


def slug(w):
    return {"slug": w.group.slug}


def chat_message(w):
    return {"slug": w.group.slug, "message_id": w.chat_message.pk}


ROWS = [
    Row("groups:chat", members_only(OK), kwargs=slug),
    Row(
        "groups:chat",
        # Writers are redirected to the chat; the muted member and staff (not a member) see the reason.
        members_only(REDIRECT, muted=OK, staff=OK),
        kwargs=slug,
        method="POST",
        data=lambda w: {"text": "Is anyone awake?"},
    ),
    Row("groups:chat-history", members_only(OK), kwargs=slug),
    # A reaction is a way of writing: those who may write give it; the muted and staff (no member) are told why.
    Row(
        "groups:message-react",
        members_only(REDIRECT, muted=FORBIDDEN, staff=FORBIDDEN),
        kwargs=chat_message,
        method="POST",
        data=lambda w: {"code": "hear"},
    ),
    Row("groups:message-react", expect(NOT_ALLOWED, anonymous=LOGIN), kwargs=chat_message, note="POST only"),
    Row("groups:chat-history", expect(NOT_ALLOWED, anonymous=LOGIN), kwargs=slug, method="POST", note="read only"),
]
