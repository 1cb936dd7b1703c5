"""Rows for topics and messages (groups:topic-*, groups:message-*)."""

from groups.models import Message, Topic
from tests.authz.matrix import FORBIDDEN, LOGIN, NOT_ALLOWED, OK, REDIRECT, Row, expect, members_only, moderators_only


def setup(world):
    group = world.group
    world.topic = Topic.objects.create(group=group, title="Sleep", created_by=world.member)

    def post(author, text, status="published"):
        return Message.objects.create(
            group=group, topic=world.topic, author=author, body_source=text, body_html=f"<p>{text}</p>", status=status
        )

    world.msg_member = post(world.member, "Nights are hard.")
    world.msg_owner = post(world.owner, "Walks help me.")


def _slug(w):
    return {"slug": w.group.slug}


def _topic(w):
    return {"slug": w.group.slug, "topic_id": w.topic.pk}


def _mine(w):
    return {"slug": w.group.slug, "message_id": w.msg_member.pk}


def _owners(w):
    return {"slug": w.group.slug, "message_id": w.msg_owner.pk}


WRITERS = {"muted": FORBIDDEN, "staff": FORBIDDEN}  # muted people and staff (not members) do not write

ROWS = [
    Row("groups:topic-list", members_only(OK), _slug),
    Row("groups:topic-new", members_only(OK, **WRITERS), _slug),
    Row(
        "groups:topic-new",
        members_only(REDIRECT, **WRITERS),
        _slug,
        method="POST",
        data=lambda w: {"title": "Hello", "body": "A first message"},
    ),
    Row("groups:topic-detail", members_only(OK), _topic),
    Row(
        "groups:topic-detail",
        members_only(REDIRECT, **WRITERS),
        _topic,
        method="POST",
        data=lambda w: {"body": "Same for me."},
    ),
    Row("groups:topic-follow", expect(NOT_ALLOWED, anonymous=LOGIN), _topic, note="POST only"),
    Row("groups:topic-follow", members_only(REDIRECT), _topic, method="POST", data=lambda w: {"follow": "1"}),
    Row("groups:topic-follow", members_only(REDIRECT), _topic, method="POST", data=lambda w: {"follow": "0"}),
    Row("groups:topic-moderate", expect(NOT_ALLOWED, anonymous=LOGIN), _topic, note="POST only"),
    Row("groups:topic-moderate", moderators_only(REDIRECT), _topic, method="POST", data=lambda w: {"pinned": "on"}),
    Row("groups:message-edit", members_only(FORBIDDEN, member=OK, moderator_no_totp=FORBIDDEN), _mine),
    Row(
        "groups:message-edit",
        members_only(FORBIDDEN, member=REDIRECT, moderator_no_totp=FORBIDDEN),
        _mine,
        method="POST",
        data=lambda w: {"body": "Nights are easier now."},
    ),
    Row("groups:message-delete", members_only(FORBIDDEN, member=OK, moderator_no_totp=FORBIDDEN), _mine),
    Row(
        "groups:message-delete",
        members_only(FORBIDDEN, member=REDIRECT, moderator_no_totp=FORBIDDEN),
        _mine,
        method="POST",
    ),
    Row("groups:message-report", members_only(OK), _owners),
    Row(
        "groups:message-report",
        members_only(REDIRECT, owner=OK),
        _owners,
        method="POST",
        data=lambda w: {"rule": "Be kind.", "note": ""},
        note="own message: the form says why",
    ),
]
