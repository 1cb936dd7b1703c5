"""Issue 17 item 3: no cache key (Redis in production) names a person or an address."""

import re
from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils.crypto import salted_hmac

from groups import presence
from moderation.alerts import actions as alerts
from peersupport import privacy_keys

ADDRESS = "203.0.113.77"
HMAC_KEY = re.compile(r"^[^:]*:\d+:[0-9a-f]{64}$")


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def _stored():
    """The keys as a seized cache shows them: LocMemCache's dict, or the real Redis's keys under the cache's
    prefix (CI runs the suite against Redis)."""
    from django.conf import settings

    if isinstance(getattr(cache, "_cache", None), dict):
        return set(cache._cache)
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
    client = cache._cache.get_client(None, write=False)
    return {key.decode() for key in client.scan_iter(match=f"{prefix}:*")}


def test_failed_sign_ins_leave_only_hmac_keys_without_the_address_or_email(client, member, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for _attempt in range(3):
        client.post(reverse("account_login"), {"login": member.email, "password": "wrong"}, REMOTE_ADDR=ADDRESS)
    stored = _stored()
    assert stored, "allauth's sign-in limits use the cache"
    for key in stored:
        assert HMAC_KEY.match(key), key
        assert ADDRESS not in key and "member" not in key and "login_failed" not in key


def test_cache_keys_rotate_daily_and_use_their_own_key(settings):
    day1 = datetime(2026, 12, 1, 23, 59, tzinfo=UTC)
    day2 = datetime(2026, 12, 2, 0, 1, tzinfo=UTC)
    assert privacy_keys.daily_hmac("cache", ADDRESS, now=day1) != privacy_keys.daily_hmac("cache", ADDRESS, now=day2)
    assert privacy_keys.daily_hmac("cache", ADDRESS, now=day1) == privacy_keys.daily_hmac("cache", ADDRESS, now=day1)
    before = privacy_keys.daily_hmac("cache", ADDRESS, now=day1)
    settings.PRIVACY_HMAC_KEY = "another-key"
    assert privacy_keys.daily_hmac("cache", ADDRESS, now=day1) != before
    assert settings.PRIVACY_HMAC_KEY != settings.SECRET_KEY


def test_cache_still_works_through_the_hmac_keys():
    cache.set("burst:user:7", 3, 60)
    assert cache.get("burst:user:7") == 3
    assert not any("burst" in key for key in _stored())


def test_presence_never_stores_members_who_turned_it_off(group, member, other_member):
    assert presence.touch(group.pk, "chan-visible", member.pk, True) == 1
    assert presence.touch(group.pk, "chan-hidden", other_member.pk, False) == 1
    kept = presence.stored(group.pk)
    assert list(kept["sockets"]) == ["chan-visible"]
    assert str(member.pk) not in kept["people"]  # a daily pseudonym, not the user id
    assert kept["people"] == [presence._person(member.pk)]
    # Turning presence off on an open socket forgets it at the next heartbeat.
    assert presence.touch(group.pk, "chan-visible", member.pk, False) == 0
    assert presence.stored(group.pk) == {"people": [], "sockets": {}}


def test_presence_keys_name_no_group_and_no_person(group, member):
    presence.touch(group.pk, "chan-visible", member.pk, True)
    key = presence._key(group.pk)
    assert f"group:{group.pk}" not in key and "presence" not in key


def test_bad_batch_limit_key_is_not_recoverable_with_secret_key(member, settings):
    key, _ends = alerts._bad_batch_counter(member, 3600 * 10)
    old = salted_hmac("moderation.bad-batch-limit", str(member.pk), secret=settings.SECRET_KEY).hexdigest()
    assert old not in key
    assert key.split(":")[-1] == privacy_keys.daily_hmac("moderation.bad-batch-limit", member.pk)
