"""Rows for one's own standing page and for approving all of a person's waiting messages."""

from groups.models import Message, Topic
from tests.authz.matrix import LOGIN, NOT_ALLOWED, NOT_FOUND, OK, REDIRECT, Row, expect, moderators_only

BAD_REQUEST = 400


def setup(world):
    topic = Topic.objects.create(group=world.group, title="Newcomer topic", created_by=world.member)
    world.sanction_held = Message.objects.create(
        group=world.group, topic=topic, author=world.member, body_source="hi", body_html="<p>hi</p>", status="held"
    )


def _slug(w):
    return {"slug": w.group.slug}


def _member(w):
    return {"slug": w.group.slug, "user_id": w.member.pk}


# Members read their own standing (nothing to ask about: the question form answers 400); the banned and the
# muted read theirs and may ask. Everyone else, staff included, gets the 404 of a group that does not exist.
OWN = {"member": OK, "moderator": OK, "owner": OK, "muted": OK, "banned": OK, "moderator_no_totp": OK}
ASK = {
    "member": BAD_REQUEST,
    "moderator": BAD_REQUEST,
    "owner": BAD_REQUEST,
    "moderator_no_totp": BAD_REQUEST,
    "muted": REDIRECT,
    "banned": REDIRECT,
}

ROWS = [
    Row("groups:my-standing", expect(NOT_FOUND, anonymous=LOGIN, **OWN), _slug),
    Row(
        "groups:my-standing",
        expect(NOT_FOUND, anonymous=LOGIN, **ASK),
        _slug,
        method="POST",
        data=lambda w: {"text": "Can we talk about this?"},
    ),
    Row("moderation:member-approve-all", expect(NOT_ALLOWED, anonymous=LOGIN), _member, note="POST only"),
    Row(
        "moderation:member-approve-all",
        moderators_only(REDIRECT),
        _member,
        method="POST",
        data=lambda w: {"up_to": w.sanction_held.pk},
    ),
]
