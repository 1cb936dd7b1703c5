"""The bell: the unread notification count, counted only when a template asks for it."""

from django.utils.functional import SimpleLazyObject


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count():
        from .notifications import cached_unread_count

        return cached_unread_count(user)

    return {"unread_notifications": SimpleLazyObject(count)}
