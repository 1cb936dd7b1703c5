"""Rows for the live chat pages (groups/content/urls.py)."""

from tests.authz.matrix import LOGIN, NOT_ALLOWED, OK, REDIRECT, Row, expect, members_only


def slug(w):
    return {"slug": w.group.slug}


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
    Row("groups:chat-history", expect(NOT_ALLOWED, anonymous=LOGIN), kwargs=slug, method="POST", note="read only"),
]
