"""Run in a separate process by test_multiprocess.py: `python -m tests.integration.helper setup|ban`.

It uses the same DATABASE_URL and REDIS_URL as the daphne processes, so what it
writes (people, sessions, a ban) and broadcasts reaches them.
"""

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersupport.settings")
django.setup()

from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402
from groups.membership.members import ban_member  # noqa: E402
from groups.models import Group, GroupRules, Membership  # noqa: E402

SLUG = "night-owls"


def session_for(user):
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def setup():
    group = Group.objects.create(name="Night owls", slug=SLUG, kind="recovery", premoderation_count=0)
    GroupRules.objects.create(group=group, version=1, text="Be kind.")
    people = {}
    for name, role in [("Awake Ann", "member"), ("Sleepless Sid", "member"), ("Mod Mo", "moderator")]:
        user = User.objects.create_user(
            email=f"{name.split()[1].lower()}@example.net", password=None, display_name=name
        )
        Membership.objects.create(group=group, user=user, role=role, rules_version_accepted=1)
        people[role if role == "moderator" else name.split()[0].lower()] = user
    print(
        json.dumps(
            {
                "slug": SLUG,
                "member_session": session_for(people["awake"]),
                "other_session": session_for(people["sleepless"]),
                "member_id": people["awake"].pk,
            }
        )
    )


def ban():
    group = Group.objects.get(slug=SLUG)
    moderator = User.objects.get(display_name="Mod Mo")
    ban_member(moderator, group, User.objects.get(display_name="Awake Ann"), "Selling in the group.")


if __name__ == "__main__":
    {"setup": setup, "ban": ban}[sys.argv[1]]()
