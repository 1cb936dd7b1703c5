"""Two-factor authentication (TOTP through allauth.mfa) for moderators and staff.

People who can read join-request answers, held messages and the audit log
must protect their account with a second factor. While
``settings.MFA_REQUIRED_FOR_MODERATORS`` is on, the gate (``groups/access/``,
``lacks_second_factor``) grants such a person who has not set up TOTP at most
what an ordinary member gets, on every page, socket, template tag and task.
This module adds what the gate cannot do: the Django admin, which does not ask
the gate, sends them to the set-up page, and every page they open says how to
set it up (``templates/accounts/_second_factor_banner.html``).
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from groups.access import lacks_second_factor, must_use_two_factor

SETUP_URL_NAME = "mfa_activate_totp"

__all__ = ["must_use_two_factor", "needs_two_factor_setup", "RequireTwoFactorMiddleware", "SETUP_URL_NAME"]


def needs_two_factor_setup(user):
    """True when the setting is on and `user` must, but has not yet, set up TOTP."""
    return lacks_second_factor(user)


def setup_redirect(request):
    messages.info(
        request,
        _(
            "You help keep groups safe, so your account needs a second step at sign-in. "
            "Please set up an authenticator app: it takes a minute, then you can carry on."
        ),
    )
    return redirect(SETUP_URL_NAME)


def admin_prefix():
    return "/" + settings.ADMIN_URL.lstrip("/")


class RequireTwoFactorMiddleware:
    """The Django admin does not ask the gate: staff without TOTP are sent to set it up first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(admin_prefix()) and needs_two_factor_setup(request.user):
            return setup_redirect(request)
        return self.get_response(request)
