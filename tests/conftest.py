"""Shared fixtures: a fixed cast of people, and a clean cache and outbox per test."""

import pytest
from django.core.cache import cache

from peersupport.celery import app as celery_app
from tests.factories import PASSWORD, UserFactory


@pytest.fixture(autouse=True)
def _isolated(settings):
    """Each test starts with an empty cache; Celery runs tasks in-process.

    With REDIS_URL set (CI) the cache is a real Redis: clearing it keeps
    allauth's rate limits from leaking between tests.
    """
    cache.clear()
    celery_app.conf.task_always_eager = True
    settings.CELERY_TASK_ALWAYS_EAGER = True
    yield
    cache.clear()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def make_user(db):
    return UserFactory


@pytest.fixture
def member(db):
    return UserFactory(display_name="Quiet Member", email="member@example.net")


@pytest.fixture
def other_member(db):
    return UserFactory(display_name="Other Member", email="other@example.net")


@pytest.fixture
def outsider(db):
    return UserFactory(display_name="Outsider", email="outsider@example.net")


@pytest.fixture
def professional(db):
    return UserFactory(display_name="Pro Worker", email="pro@example.net", is_professional=True)


@pytest.fixture
def staff(db):
    return UserFactory(display_name="Staff Person", email="staff@example.net", is_staff=True, is_superuser=True)


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login
