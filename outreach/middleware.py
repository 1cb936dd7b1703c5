"""A visitor at the desk reaches nothing but their consultation (and the public pages around it).

A desk visitor's session is flagged when it is signed in (outreach/visitors.py); any other page sends them back
to their consultation. The gate would refuse them anyway (they belong to no group), but this also keeps them
from joining a group, asking to join or changing account settings they do not have.
"""

from django.shortcuts import redirect
from django.urls import Resolver404, resolve

from . import visitors

OPEN_TO_VISITORS = {"crisis-help", "set_language", "account_logout", "healthz"}


def _allowed(path):
    try:
        match = resolve(path)
    except Resolver404:
        return True  # a plain 404 follows
    return match.namespace == "outreach" or match.url_name in OPEN_TO_VISITORS


class DeskVisitorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        visitor = request.user.is_authenticated and request.session.get(visitors.SESSION_FLAG)
        if visitor and not _allowed(request.path_info):
            return redirect("outreach:mine")
        return self.get_response(request)


def desk(request):
    """Template context: whether this page is shown to a visitor at the desk (the navigation is then theirs)."""
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    return {"desk_visitor": bool(user and user.is_authenticated and session and session.get(visitors.SESSION_FLAG))}
