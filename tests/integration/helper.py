"""Run in a separate process by the integration tests: `python -m tests.integration.helper setup|ban|post N|serve`.

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
from moderation import pipeline  # noqa: E402

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
    print(json.dumps("banned"))


def post(count, prefix="Still awake"):
    """Sleepless Sid writes `count` chat messages (saved, then broadcast as the site does); prints their ids."""
    group = Group.objects.get(slug=SLUG)
    chat = group.chat_topic()
    sid = User.objects.get(display_name="Sleepless Sid")
    ids = [pipeline.submit(sid, group, f"{prefix} {n}", topic=chat).message.pk for n in range(int(count))]
    print(json.dumps(ids))


def serve():
    """Commands on stdin, one a line ("post 2 During", "ban"), each answered with one line of JSON: no start-up
    time between a fault and the writes that follow it."""
    for line in sys.stdin:
        name, *args = line.split(maxsplit=2)
        {"ban": ban, "post": post}[name](*args)
        sys.stdout.flush()


if __name__ == "__main__":
    {"setup": setup, "ban": ban, "post": post, "serve": serve}[sys.argv[1]](*sys.argv[2:])
