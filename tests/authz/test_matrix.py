"""Every URL of our apps, for every actor and method, answers as the rows say."""

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import cast
from tests.authz.matrix import ACTORS, LOGIN, SIGNUP, all_rows, build_world

ROWS = all_rows()
OUR_NAMESPACES = {"", "groups", "moderation", "accounts", "surveys", "outreach"}
NOT_OURS = {"healthz"}  # infrastructure, tested in tests/peersupport/test_health.py


def our_url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if entry.namespace and entry.namespace not in OUR_NAMESPACES:
                continue
            if not entry.namespace and entry.app_name is None and "allauth" in str(entry.urlconf_name):
                continue
            if str(getattr(entry.pattern, "_route", "")).startswith(settings.ADMIN_URL):
                continue
            yield from our_url_names(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}" if namespace else entry.name


def test_every_url_of_our_apps_has_a_row():
    covered = {row.name for row in ROWS}
    missing = sorted(set(our_url_names()) - covered - NOT_OURS)
    assert not missing, f"URLs without a row in tests/authz/rows_*.py: {missing}"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The cast and every row's objects, made once for the module; its tests run in production's rule.

    Production's rule: moderators and staff need a second factor (the override holds until the module ends).

    Django's setUpTestData, for pytest: the world is made inside a transaction that is rolled back when the
    module ends, and each test runs in a savepoint inside it (pytest-django's `db`), so what a test changes is
    undone before the next one. Making it per test cost 0.4 s, 5,000 times.
    """
    rule = override_settings(MFA_REQUIRED_FOR_MODERATORS=True, **cast.TEST_SETTINGS)
    module = transaction.atomic()
    with django_db_blocker.unblock():
        rule.enable()
        module.__enter__()
        made = build_world(cast.everyone())
    yield made
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        module.__exit__(None, None, None)
        rule.disable()


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_matrix(db, client, world, row, actor):
    user = getattr(world, actor)
    if user is not None:
        client.force_login(user)
    url = reverse(row.name, kwargs=row.kwargs(world))
    response = (
        client.generic(row.method, url, data=_encode(row.data(world)), content_type="application/x-www-form-urlencoded")
        if row.method != "GET"
        else client.get(url)
    )
    expected = row.expect[actor]
    if expected == LOGIN:
        assert response.status_code == 302, (actor, url, response.status_code)
        assert response["Location"].startswith(reverse("account_login")), response["Location"]
    elif expected == SIGNUP:
        assert response.status_code == 302, (actor, url, response.status_code)
        assert response["Location"].startswith(reverse("account_signup")), response["Location"]
    else:
        assert response.status_code == expected, (actor, row.method, url, response.status_code)


def _encode(data):
    from urllib.parse import urlencode

    return urlencode(data, doseq=True)
