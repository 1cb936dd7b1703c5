"""Run in a separate process by test_privacy_audit.py: `python -m tests.integration.audit_helper setup|approve|...`.

It uses the same DATABASE_URL and REDIS_URL as the servers of the audit, so what it writes reaches them.
"""

import json
import os
import sys
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersupport.settings")
django.setup()

from allauth.mfa.models import Authenticator  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.contrib.sessions.models import Session  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from groups.membership.actions import approve_join_request, create_invitation  # noqa: E402
from groups.models import Group, GroupRules, JoinRequest, Membership, MembershipQuestion  # noqa: E402


def setup(slug):
    group = Group.objects.create(
        name="Quiet harbour",
        slug=slug,
        kind=Group.Kind.BEREAVEMENT,
        visibility=Group.Visibility.HIDDEN,
        join_policy=Group.JoinPolicy.INVITATION,
        premoderation_count=0,
    )
    GroupRules.objects.create(group=group, version=1, text="Be gentle with each other.")
    MembershipQuestion.objects.create(group=group, text="What brings you here?")
    moderator = User.objects.create_user(email="harbour-mod@example.net", password=None, display_name="Harbour Mod")
    Membership.objects.create(group=group, user=moderator, role="moderator", rules_version_accepted=1)
    Authenticator.objects.create(user=moderator, type=Authenticator.Type.TOTP, data={"secret": "x"})
    _, token = create_invitation(moderator, group, timezone.now() + timedelta(days=7), max_uses=1)
    print(json.dumps({"token": token}))


def approve(slug):
    group = Group.objects.get(slug=slug)
    moderator = User.objects.get(display_name="Harbour Mod")
    approve_join_request(moderator, JoinRequest.objects.get(group=group, status=JoinRequest.Status.PENDING))


def sessions():
    """What a seized database shows of every session row, decoded without the app's engine."""
    print(json.dumps([repr(SessionStore().decode(row.session_data)) for row in Session.objects.all()]))


if __name__ == "__main__":
    {"setup": setup, "approve": approve, "sessions": sessions}[sys.argv[1]](*sys.argv[2:])
