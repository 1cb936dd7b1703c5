"""Shared fixtures: a fixed cast of people, and a clean cache (Redis and the rendered windows) and outbox per test."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone, translation

from groups import presence
from groups.content.window_cache import windows
from groups.models import Ban, Group, GroupRules, JoinRequest, Membership, MembershipQuestion
from peersupport.celery import app as celery_app
from tests.factories import PASSWORD, UserFactory


@pytest.fixture(autouse=True)
def _isolated(settings):
    """Each test starts with an empty cache; Celery runs tasks in-process.

    With REDIS_URL set (CI) the cache is a real Redis: clearing it keeps
    allauth's rate limits from leaking between tests. In-process tests use the
    in-memory channel layer (the Redis pub/sub layer binds channels to one
    event loop); the real Redis layer is exercised by tests/integration, which
    run separate daphne processes against it.
    """
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    presence.forget_memory()
    windows.clear()  # test databases reuse ids and versions after each rollback
    celery_app.conf.task_always_eager = True
    settings.CELERY_TASK_ALWAYS_EAGER = True
    yield
    cache.clear()
    translation.deactivate()  # a request in another language must not leave its language to the next test


@pytest.fixture(scope="session")
def compiled_catalogs():
    """locale/*.po compiled, as `make test` does, so a test reads what a Finnish or Swedish person would."""
    call_command("compilemessages", locale=["fi", "sv"], ignore_patterns=[".venv", "staticfiles"], verbosity=0)
    with override_settings(LOCALE_PATHS=settings.LOCALE_PATHS):  # drops Django's cached catalogs
        pass


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def make_user(db):
    return UserFactory


def _join(group, user, role="member", **extra):
    return Membership.objects.create(group=group, user=user, role=role, rules_version_accepted=1, **extra)


@pytest.fixture
def group(db):
    """A listed recovery group that takes requests, with rules v1 and two questions."""
    group = Group.objects.create(
        name="Recovery circle",
        slug="recovery-circle",
        kind="recovery",
        visibility="listed",
        join_policy="request",
        description="For people who use drugs or are in recovery.",
        premoderation_count=0,
    )
    GroupRules.objects.create(group=group, version=1, text="Be kind.\nNo selling or buying.\nKeep names private.")
    MembershipQuestion.objects.create(group=group, position=1, text="How does drug use affect your life?")
    MembershipQuestion.objects.create(group=group, position=2, text="What do you hope to find here?")
    return group


@pytest.fixture
def other_group(db):
    group = Group.objects.create(name="Family and friends", slug="family", kind="family", premoderation_count=0)
    GroupRules.objects.create(group=group, version=1, text="Be kind.")
    return group


@pytest.fixture
def hidden_group(db):
    group = Group.objects.create(
        name="Remembering together",
        slug="remembering",
        kind="bereavement",
        visibility="hidden",
        join_policy="invitation",
        premoderation_count=0,
    )
    GroupRules.objects.create(group=group, version=1, text="Be gentle.")
    return group


@pytest.fixture
def member(group):
    user = UserFactory(display_name="Quiet Member", email="member@example.net")
    _join(group, user)
    return user


@pytest.fixture
def other_member(group):
    user = UserFactory(display_name="Other Member", email="other@example.net")
    _join(group, user)
    return user


@pytest.fixture
def moderator(group):
    user = UserFactory(display_name="Group Moderator", email="moderator@example.net")
    _join(group, user, role="moderator")
    return user


@pytest.fixture
def owner(group):
    user = UserFactory(display_name="Group Owner", email="owner@example.net")
    _join(group, user, role="owner")
    return user


@pytest.fixture
def other_group_member(other_group):
    user = UserFactory(display_name="Family Member", email="family@example.net")
    _join(other_group, user)
    return user


@pytest.fixture
def other_group_moderator(other_group):
    user = UserFactory(display_name="Family Moderator", email="famod@example.net")
    _join(other_group, user, role="moderator")
    return user


@pytest.fixture
def applicant(group):
    user = UserFactory(display_name="Hopeful Applicant", email="applicant@example.net")
    JoinRequest.objects.create(group=group, user=user, rules_version_accepted=1)
    return user


@pytest.fixture
def banned(group):
    user = UserFactory(display_name="Banned Person", email="banned@example.net")
    Ban.objects.create(group=group, user=user, reason="Selling in the group.")
    return user


@pytest.fixture
def muted(group):
    user = UserFactory(display_name="Muted Member", email="muted@example.net")
    _join(group, user, muted_until=timezone.now() + timedelta(days=1))
    return user


@pytest.fixture
def former_member(group):
    """Was a member, left; the approved request remains as history."""
    user = UserFactory(display_name="Former Member", email="former@example.net")
    JoinRequest.objects.create(group=group, user=user, status="approved", decided_at=timezone.now())
    return user


@pytest.fixture
def outsider(db):
    return UserFactory(display_name="Outsider", email="outsider@example.net")


@pytest.fixture
def professional(db):
    return UserFactory(display_name="Pro Worker", email="pro@example.net", is_professional=True)


@pytest.fixture
def other_consultant(db):
    """A second professional account (the authorization matrix makes it a consultant off the case)."""
    return UserFactory(display_name="Other Consultant", email="other-consultant@example.net", is_professional=True)


@pytest.fixture
def staff(db):
    return UserFactory(display_name="Staff Person", email="staff@example.net", is_staff=True, is_superuser=True)


@pytest.fixture
def moderator_no_totp(group):
    """A moderator of `group` who never set up TOTP (matters only while two-factor is required)."""
    user = UserFactory(display_name="Unguarded Moderator", email="nototp-mod@example.net")
    _join(group, user, role="moderator")
    return user


@pytest.fixture
def staff_no_totp(db):
    """A staff account that never set up TOTP (matters only while two-factor is required)."""
    return UserFactory(display_name="Unguarded Staff", email="nototp-staff@example.net", is_staff=True)


@pytest.fixture
def two_factor_required(settings):
    """Production's rule: moderators and staff need a second factor."""
    settings.MFA_REQUIRED_FOR_MODERATORS = True


@pytest.fixture
def chat(group):
    return group.chat_topic()


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login
