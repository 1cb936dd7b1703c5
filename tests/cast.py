"""The fixed cast of groups and people, as plain functions.

conftest.py's fixtures call them once per test; the authorization matrix calls
``everyone()`` once per module and runs each test in a savepoint inside it.
"""

from datetime import timedelta

from django.utils import timezone

from groups.models import Ban, Group, GroupRules, JoinRequest, Membership, MembershipQuestion
from tests.factories import UserFactory, with_totp

# What every test runs with (conftest's `_isolated`, and the matrix's world while it is built): the in-memory
# channel layer (the Redis pub/sub layer binds channels to one event loop), a fast password hasher, and Celery
# tasks run in-process.
TEST_SETTINGS = {
    "CHANNEL_LAYERS": {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}},
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "CELERY_TASK_ALWAYS_EAGER": True,
}


def join(group, user, role="member", **extra):
    return Membership.objects.create(group=group, user=user, role=role, rules_version_accepted=1, **extra)


def _group(rules, **fields):
    group = Group.objects.create(premoderation_count=0, **fields)
    GroupRules.objects.create(group=group, version=1, text=rules)
    return group


def recovery_group():
    """A listed recovery group that takes requests, with rules v1 and two questions."""
    group = _group(
        "Be kind.\nNo selling or buying.\nKeep names private.",
        name="Recovery circle",
        slug="recovery-circle",
        kind="recovery",
        visibility="listed",
        join_policy="request",
        description="For people who use drugs or are in recovery.",
    )
    MembershipQuestion.objects.create(group=group, position=1, text="How does drug use affect your life?")
    MembershipQuestion.objects.create(group=group, position=2, text="What do you hope to find here?")
    return group


def family_group():
    return _group("Be kind.", name="Family and friends", slug="family", kind="family")


def hidden_group():
    return _group(
        "Be gentle.",
        name="Remembering together",
        slug="remembering",
        kind="bereavement",
        visibility="hidden",
        join_policy="invitation",
    )


def person(display_name, email, **fields):
    return UserFactory(display_name=display_name, email=email, **fields)


def joined(group, display_name, email, role="member", **extra):
    user = person(display_name, email)
    join(group, user, role=role, **extra)
    return user


def applicant(group):
    user = person("Hopeful Applicant", "applicant@example.net")
    JoinRequest.objects.create(group=group, user=user, rules_version_accepted=1)
    return user


def banned(group):
    user = person("Banned Person", "banned@example.net")
    Ban.objects.create(group=group, user=user, reason="Selling in the group.")
    return user


def muted(group):
    return joined(group, "Muted Member", "muted@example.net", muted_until=timezone.now() + timedelta(days=1))


def former_member(group):
    """Was a member, left; the approved request remains as history."""
    user = person("Former Member", "former@example.net")
    JoinRequest.objects.create(group=group, user=user, status="approved", decided_at=timezone.now())
    return user


def outsider():
    return person("Outsider", "outsider@example.net")


def professional():
    return person("Pro Worker", "pro@example.net", is_professional=True)


def other_consultant():
    """A second professional account (the authorization matrix makes it a consultant off the case)."""
    return person("Other Consultant", "other-consultant@example.net", is_professional=True)


def staff():
    return person("Staff Person", "staff@example.net", is_staff=True, is_superuser=True)


def staff_no_totp():
    """A staff account that never set up TOTP (matters only while two-factor is required)."""
    return person("Unguarded Staff", "nototp-staff@example.net", is_staff=True)


# The people of the authorization matrix (tests/authz/matrix.py ACTORS but anonymous): the group each needs
# (None: no group), and how to make them from it.
PEOPLE = {
    "outsider": (None, lambda _: outsider()),
    "applicant": ("group", applicant),
    "member": ("group", lambda g: joined(g, "Quiet Member", "member@example.net")),
    "other_group_member": ("other_group", lambda g: joined(g, "Family Member", "family@example.net")),
    "moderator": ("group", lambda g: joined(g, "Group Moderator", "moderator@example.net", role="moderator")),
    "other_group_moderator": ("other_group", lambda g: joined(g, "Family Moderator", "famod@example.net", "moderator")),
    "owner": ("group", lambda g: joined(g, "Group Owner", "owner@example.net", role="owner")),
    "banned": ("group", banned),
    "muted": ("group", muted),
    "former_member": ("group", former_member),
    "professional": (None, lambda _: professional()),
    "staff": (None, lambda _: staff()),
    # A moderator of `group` who never set up TOTP (matters only while two-factor is required).
    "moderator_no_totp": ("group", lambda g: joined(g, "Unguarded Moderator", "nototp-mod@example.net", "moderator")),
    "staff_no_totp": (None, lambda _: staff_no_totp()),
    "other_consultant": (None, lambda _: other_consultant()),
}


def everyone():
    """The three groups and every person of PEOPLE; those who moderate have TOTP but the two `*_no_totp`."""
    cast = {"group": recovery_group(), "other_group": family_group(), "hidden_group": hidden_group()}
    cast.update({name: make(cast.get(group)) for name, (group, make) in PEOPLE.items()})
    cast["anonymous"] = None
    with_totp(cast["moderator"], cast["owner"], cast["other_group_moderator"], cast["staff"])
    return cast
