"""Two-factor authentication (TOTP through allauth.mfa) for moderators and staff.

People who can read join-request answers, held messages and the audit log
must protect their account with a second factor. While
``settings.MFA_REQUIRED_FOR_MODERATORS`` is on, such a person who has not set
up TOTP is sent to the set-up page before any moderation page or the admin.
"""

from functools import wraps

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from groups.access import moderation_totals

SETUP_URL_NAME = "mfa_activate_totp"


def must_use_two_factor(user):
    """True when `user` moderates a group or is staff (whether or not TOTP is set up)."""
    if not user.is_authenticated:
        return False
    return user.is_staff or moderation_totals(user)["groups"] > 0


def needs_two_factor_setup(user):
    """True when the setting is on and `user` must, but has not yet, set up TOTP.

    Views outside the guarded prefixes may call this (or use
    ``require_two_factor``) before showing moderator-only material.
    """
    if not getattr(settings, "MFA_REQUIRED_FOR_MODERATORS", False):
        return False
    if not must_use_two_factor(user):
        return False
    return not is_mfa_enabled(user, [Authenticator.Type.TOTP])


def setup_redirect(request):
    messages.info(
        request,
        _(
            "You help keep groups safe, so your account needs a second step at sign-in. "
            "Please set up an authenticator app: it takes a minute, then you can carry on."
        ),
    )
    return redirect(SETUP_URL_NAME)


def require_two_factor(view):
    """Decorator: moderators and staff without TOTP are sent to set it up first."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if needs_two_factor_setup(request.user):
            return setup_redirect(request)
        return view(request, *args, **kwargs)

    return wrapper


def guarded_prefixes():
    return ("/moderation/", "/" + settings.ADMIN_URL.lstrip("/"))


class RequireTwoFactorMiddleware:
    """Guards every URL under /moderation/ and the admin (see module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(guarded_prefixes()) and needs_two_factor_setup(request.user):
            return setup_redirect(request)
        return self.get_response(request)
