"""Shared fixtures: a fixed cast of people, and a clean cache (Redis and the rendered windows) and outbox per test."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from groups import presence
from groups.content.window_cache import windows
from moderation import watched_words
from moderation.alerts import crisis
from peersupport.celery import app as celery_app
from tests import cast
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
    for name, value in cast.TEST_SETTINGS.items():
        setattr(settings, name, value)
    cache.clear()
    presence.forget_memory()
    windows.clear()  # test databases reuse ids and versions after each rollback
    watched_words.copies.forget()  # the same: rows kept per process (peersupport/process_copies.py)
    crisis.resource_copies.forget()
    celery_app.conf.task_always_eager = True
    yield
    cache.clear()
    translation.deactivate()  # a request in another language must not leave its language to the next test


@pytest.fixture
def channel_layer_down(monkeypatch):
    """The in-memory channel layer refuses to join groups, as channels_redis does while Redis is down."""
    from channels.layers import InMemoryChannelLayer
    from redis.exceptions import ConnectionError as RedisConnectionError

    async def down(self, group, channel):
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(InMemoryChannelLayer, "group_add", down)


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


@pytest.fixture
def group(db):
    """A listed recovery group that takes requests, with rules v1 and two questions."""
    return cast.recovery_group()


@pytest.fixture
def other_group(db):
    return cast.family_group()


@pytest.fixture
def hidden_group(db):
    return cast.hidden_group()


@pytest.fixture
def other_member(group):
    return cast.joined(group, "Other Member", "other@example.net")


def _actor(name):
    """A fixture for one person of the matrix's cast (tests/cast.py PEOPLE), made after the group they need."""
    group, make = cast.PEOPLE[name]

    @pytest.fixture(name=name)
    def person(request, db):
        return make(request.getfixturevalue(group) if group else None)

    person.__doc__ = f"The cast's {name.replace('_', ' ')} (tests/cast.py)."
    return person


member = _actor("member")
moderator = _actor("moderator")
owner = _actor("owner")
other_group_member = _actor("other_group_member")
other_group_moderator = _actor("other_group_moderator")
applicant = _actor("applicant")
banned = _actor("banned")
muted = _actor("muted")
former_member = _actor("former_member")
outsider = _actor("outsider")
professional = _actor("professional")
other_consultant = _actor("other_consultant")
staff = _actor("staff")
moderator_no_totp = _actor("moderator_no_totp")
staff_no_totp = _actor("staff_no_totp")


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
