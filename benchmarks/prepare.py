"""Django-side preparation for one benchmark database (run as a subprocess).

Usage: DATABASE_URL=... python -m benchmarks.prepare --sockets N
Prints JSON: the measured pages (path, status, SQL queries per request), the
session cookies of a reader, a moderator and N members of group bench-000.
Sessions are created through the ORM: bench accounts cannot log in by password.
"""

import argparse
import json
import os
import sys


def session_key(user):
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def enable_two_factor(user):
    """Moderators must have TOTP set up before moderation pages (accounts/mfa.py)."""
    from allauth.mfa.models import Authenticator

    Authenticator.objects.get_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "bench-only-unused"}}
    )


# (label, URL name, candidate argument lists, who reads it). Arguments are
# filled from the focus group: slug, topic id, chat topic id.
PAGES = [
    ("home page (unread count per group)", "home", [[]], "reader"),
    ("group home", "groups:group-home", [["slug"]], "reader"),
    ("topic list", "groups:topic-list", [["slug"]], "reader"),
    ("topic page (30 messages)", "groups:topic-detail", [["slug", "topic"]], "reader"),
    ("chat page (50 messages)", "groups:chat", [["slug"]], "reader"),
    ("chat history (50 messages, JSON)", "groups:chat-history", [["slug"], ["slug", "chat"]], "reader"),
    ("moderation queue", "moderation:group-queue", [["slug"]], "moderator"),
]


def resolve(name, candidates, values):
    from django.urls import NoReverseMatch, reverse

    for names in candidates:
        try:
            return reverse(name, args=[values[n] for n in names])
        except NoReverseMatch:
            continue
    return None


def count_queries(path, cookie):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.cookies["sessionid"] = cookie
    client.get(path)  # warm caches (translations, templates) as on a running server
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response.status_code, len(queries)


def setup_django():
    """Django with the bench's settings, answering the test client too."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.bench_settings")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


def focus_group():
    """(group bench-000, its memberships in id order: the first is the owner)."""
    from groups.management.commands.bench_seed import bench_slug
    from groups.models import Group, Membership

    group = Group.objects.get(slug=bench_slug(0))
    return group, Membership.objects.filter(group=group).select_related("user").order_by("user_id")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sockets", type=int, default=0)
    args = parser.parse_args()
    setup_django()
    from groups.models import Membership, Topic

    group, memberships = focus_group()
    chat = group.chat_topic()
    topic = Topic.objects.filter(group=group, is_chat=False).order_by("id").first()
    users = [m.user for m in memberships[: max(args.sockets, 4)]]
    moderator = next(m.user for m in memberships if m.role != Membership.Role.MEMBER)
    reader = users[-1]
    enable_two_factor(moderator)
    cookies = {"reader": session_key(reader), "moderator": session_key(moderator)}
    values = {"slug": group.slug, "topic": topic.pk, "chat": chat.pk}
    pages = []
    for label, name, candidates, who in PAGES:
        path = resolve(name, candidates, values)
        status, queries = count_queries(path, cookies[who]) if path else (None, None)
        pages.append({"label": label, "name": name, "path": path, "who": who, "status": status, "queries": queries})
    result = {
        "group": group.slug,
        "chat_topic": chat.pk,
        "pages": pages,
        "cookies": cookies,
        # Members in id order; the first is the group's owner (a moderator: not rate limited).
        "sockets": [session_key(u) for u in users[: args.sockets]],
        "socket_roles": [m.role for m in memberships[: args.sockets]],
    }
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
