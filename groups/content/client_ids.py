"""The id a client gives a message before the server has it (docs/protocol.md, `client_id`).

A client that lost its connection, or the answer, sends the message again with the same id; the
database keeps at most one message per (author, client id), so the resend is answered with the
stored message and never makes a second one. The chat's script makes a random id for each message;
the no-script form carries one the server put in the page.
"""

import re
import secrets

MAX_LENGTH = 64
_SHAPE = re.compile(rf"[A-Za-z0-9_.:-]{{1,{MAX_LENGTH}}}")


def clean(value):
    """The client id `value` names, or "" when it is missing or not one (a list, too long, odd characters)."""
    if not isinstance(value, str) or not _SHAPE.fullmatch(value):
        return ""
    return value


def posted(request):
    """The client id a no-script form post carries (the composer's hidden field), or ""."""
    return clean(request.POST.get("client_id"))


def new():
    """A fresh id for a form the server renders (random: it never repeats one of the person's earlier ids)."""
    return secrets.token_urlsafe(18)
