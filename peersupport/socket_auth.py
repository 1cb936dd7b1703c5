"""Who is at the other end of a socket, read in the consumer's own first trip to the database.

channels' AuthMiddlewareStack read the session and the user in a trip of its own to the process's one
database thread (peersupport/socket_db.py) before the consumer made its trip for the gate: two trips per
handshake. `SessionCookieMiddleware` only reads the cookie header; each consumer calls `person(scope)` inside
its first trip, beside its own reads. A test may put a user in `scope["user"]` instead.
"""

import time
from importlib import import_module
from types import SimpleNamespace

from django.conf import settings
from django.contrib import auth
from django.http.cookie import parse_cookie


class SessionCookieMiddleware:
    """ASGI middleware for WebSockets: `scope["cookies"]`, `scope["session_key"]`, and when the handshake arrived."""

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        header = "; ".join(value.decode("latin-1") for name, value in scope.get("headers") or [] if name == b"cookie")
        cookies = parse_cookie(header)
        scope = dict(
            scope,
            cookies=cookies,
            session_key=cookies.get(settings.SESSION_COOKIE_NAME),
            arrived=time.monotonic(),
        )
        return await self.inner(scope, receive, send)


def person(scope):
    """The signed-in user of this socket, else AnonymousUser (sync: call it inside a trip to the database).

    Django's own `get_user`, as for pages: the session row, the user row, and the session's password hash
    checked against the user's (a password changed elsewhere signs the socket out).
    """
    if "user" in scope:
        return scope["user"]
    store = import_module(settings.SESSION_ENGINE).SessionStore(scope.get("session_key"))
    return auth.get_user(SimpleNamespace(session=store))


def too_late(scope):
    """Has this handshake waited past daphne's connect timeout? daphne has refused it then, and its reads are
    skipped: a backlog of handshakes nobody waits for any more would otherwise keep every later one waiting
    past the timeout too, and a crowd would never get in."""
    arrived = scope.get("arrived")
    return arrived is not None and time.monotonic() - arrived > settings.SOCKET_CONNECT_TIMEOUT
