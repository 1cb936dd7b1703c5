"""The bell: the unread notification count, counted only when a template asks for it."""

from django.utils.functional import SimpleLazyObject

from .notifications.inbox import cached_unread_count


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    return {"unread_notifications": SimpleLazyObject(lambda: cached_unread_count(user))}
