"""Standings remembered for one GET request or one socket frame, never longer.

One page asks the gate several times (the view, template tags, the navigation). While an HTTP GET/HEAD
request runs, RememberStandingsMiddleware puts a dict in `_memo` and the gate reads each (user, group)
once; any save or delete of a membership, ban, join request, group, rules, second factor or user empties
it. Consumers and tasks never run that middleware, so they always read fresh (every frame).
"""

from contextvars import ContextVar

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db.models.signals import post_delete, post_save

from ..models import Ban, Group, GroupRules, JoinRequest, Membership

_memo = ContextVar("access_memo", default=None)


def memo():
    """The dict of the running GET request or socket frame, or None (then nothing is remembered)."""
    return _memo.get()


def per_request(key, compute):
    """`compute()`, remembered for the rest of this GET request (see `_memo`); computed every time elsewhere."""
    current = _memo.get()
    if current is None:
        return compute()
    if key not in current:
        current[key] = compute()
    return current[key]


def forget_standings(**kwargs):
    """Signal receiver: a write that may change someone's standing empties the memo."""
    current = _memo.get()
    if current:
        current.clear()


for _sender in (Membership, Ban, JoinRequest, Group, GroupRules, Authenticator, settings.AUTH_USER_MODEL):
    for _name, _signal in (("save", post_save), ("delete", post_delete)):
        _signal.connect(forget_standings, sender=_sender, dispatch_uid=f"access.forget.{_name}.{_sender}")


def remembering(func, *args, **kwargs):
    """Call `func` with the memo on: one socket frame reads each standing once (and afresh the next frame)."""
    token = _memo.set({})
    try:
        return func(*args, **kwargs)
    finally:
        _memo.reset(token)


class RememberStandingsMiddleware:
    """Remember standings for the length of one GET or HEAD request, never longer (see `_memo`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
