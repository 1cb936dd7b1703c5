"""Rows for support conversations (groups/content/support_urls.py).

The conversation is world.member's, opened by world.moderator: only the member and the group's moderators
and owner (with their second factor) reach it; everyone else, staff not on duty included, gets 404.
"""

from groups.content import support
from tests.authz.matrix import FORBIDDEN, LOGIN, NOT_ALLOWED, NOT_FOUND, OK, REDIRECT, Row, expect, members_only


def setup(world):
    world.conversation = support.start_by_helper(world.moderator, world.group, world.member)


def _slug(w):
    return {"slug": w.group.slug}


def _conversation(w):
    return {"slug": w.group.slug, "topic_id": w.conversation.pk}


def _with_member(w):
    return {"slug": w.group.slug, "user_id": w.member.pk}


PRIVATE = expect(NOT_FOUND, anonymous=LOGIN, member=OK, moderator=OK, owner=OK, moderator_no_totp=NOT_FOUND)
PRIVATE_POST = {actor: (REDIRECT if code == OK else code) for actor, code in PRIVATE.items()}
POST_ONLY = expect(NOT_ALLOWED, anonymous=LOGIN)
# Only the group's moderators open one with a member; staff not on duty may not (404), others are refused.
OPEN_FOR = members_only(FORBIDDEN, member=FORBIDDEN, muted=FORBIDDEN, moderator=REDIRECT, owner=REDIRECT)
OPEN_FOR.update(staff=NOT_FOUND)

ROWS = [
    Row("groups:support-list", expect(OK, anonymous=LOGIN)),
    Row("groups:support-list", POST_ONLY, method="POST", note="read only"),
    Row("groups:support-start", members_only(OK), _slug),
    Row("groups:support-start", members_only(REDIRECT, staff=FORBIDDEN), _slug, method="POST"),
    Row("groups:support-open-for", POST_ONLY, _with_member, note="POST only"),
    Row("groups:support-open-for", OPEN_FOR, _with_member, method="POST"),
    Row("groups:support-detail", PRIVATE, _conversation),
    Row("groups:support-detail", PRIVATE_POST, _conversation, method="POST", data=lambda w: {"text": "Thank you."}),
    Row("groups:support-history", PRIVATE, _conversation),
    Row("groups:support-history", POST_ONLY, _conversation, method="POST", note="read only"),
    Row("groups:support-end", POST_ONLY, _conversation, note="POST only"),
    Row("groups:support-end", PRIVATE_POST, _conversation, method="POST"),
]
