"""Close a person's open sockets when their sign-in changes.

A socket is authenticated once, at connect (django/channels#1324), so logout,
a password change or reset, and deactivation send a close order to the
person's ``user-<id>`` channel group on every server process. Pages that are
still signed in elsewhere reconnect with their own session.
"""

from allauth.account import signals as allauth_signals
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_out
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from groups import live

from .notifications import push


def close_sockets_after_commit(user_id, reason):
    transaction.on_commit(lambda: live.close_user_sockets(user_id, reason=reason))


@receiver(user_logged_out, dispatch_uid="accounts.close_sockets_on_logout")
def close_sockets_on_logout(sender, request=None, user=None, **kwargs):
    if user is not None and user.pk:
        close_sockets_after_commit(user.pk, "logout")


@receiver(user_logged_out, dispatch_uid="accounts.end_push_on_logout")
def end_push_on_logout(sender, request=None, user=None, **kwargs):
    """Signed out on this device: it gets no more pushes (the session is flushed right after this)."""
    if request is not None and getattr(request, "session", None) is not None and request.session.session_key:
        push.forget_session(request.session.session_key)


@receiver(allauth_signals.password_changed, dispatch_uid="accounts.close_sockets_on_password_changed")
@receiver(allauth_signals.password_reset, dispatch_uid="accounts.close_sockets_on_password_reset")
@receiver(allauth_signals.password_set, dispatch_uid="accounts.close_sockets_on_password_set")
def close_sockets_on_password(sender, request=None, user=None, **kwargs):
    if user is not None and user.pk:
        close_sockets_after_commit(user.pk, "password")


@receiver(post_save, dispatch_uid="accounts.close_sockets_on_credentials")
def close_sockets_on_credentials(sender, instance, created=False, **kwargs):
    """Django's own paths (admin, changepassword, set_password + save) and deactivation."""
    if created or sender is not get_user_model():
        return
    if getattr(instance, "_password", None) is not None:
        close_sockets_after_commit(instance.pk, "password")
    elif not instance.is_active:
        close_sockets_after_commit(instance.pk, "access")
