"""The invitation a person opened before they had an account, kept in their session until they have used it.

Only the invitation's id is kept (never the token), through sign-up, e-mail confirmation and sign-in;
allauth's redirects (accounts/adapter.py) bring the person back to it after each step, so neither
"Create an account" in the navigation nor confirming the e-mail in the same browser drops it.
"""

from django.urls import reverse

SESSION_KEY = "invitation_id"


def remember(session, invitation):
    session[SESSION_KEY] = invitation.pk


def kept(session):
    """The id of the invitation waiting in `session`, or None."""
    return session.get(SESSION_KEY)


def forget(session):
    session.pop(SESSION_KEY, None)


def resume_url(session):
    """Where to continue with the kept invitation, or None when there is none."""
    return reverse("groups:invitation-resume") if kept(session) else None
