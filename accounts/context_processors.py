"""The bell: the unread notification count, read (with the pinned alerts, accounts/notifications/chrome.py)
only when a template asks for it."""

from django.utils.functional import SimpleLazyObject

from .notifications import chrome


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    return {"unread_notifications": SimpleLazyObject(lambda: chrome.read(request)["unread"])}
