"""Presence in Redis structures made for it (groups/presence.py): atomic across processes, fail-soft."""

import os
import threading

import pytest

from groups import presence

REDIS_URL = os.environ.get("REDIS_URL", "")
needs_redis = pytest.mark.skipif(not REDIS_URL, reason="needs a real Redis: set REDIS_URL (CI does)")


@needs_redis
def test_simultaneous_connects_from_many_threads_lose_no_one():
    """Each thread takes a Redis connection of its own from the pool, as two daphne processes would: no lost update."""
    assert isinstance(presence._store(), presence.RedisStore)
    errors = []

    def connect_people(first):
        try:
            for user_id in range(first, first + 100):
                presence.touch(4242, f"socket-{user_id}", user_id, True)
        except Exception as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=connect_people, args=(start,)) for start in (1, 101, 201, 301)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert presence.count(4242) == 400


@pytest.mark.parametrize("store", ["memory", pytest.param("redis", marks=needs_redis)])
def test_a_person_with_two_sockets_stays_until_the_last_one_leaves(store, settings):
    if store == "memory":
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert presence.touch(7, "phone", 1, True) == 1
    assert presence.touch(7, "laptop", 1, True) == 1
    assert presence.touch(7, "other", 2, True) == 2
    assert presence.leave(7, "phone") == 2
    assert presence.leave(7, "laptop") == 1
    assert presence.leave(7, "laptop") == 1  # leaving twice changes nothing
    assert presence.stored(7)["sockets"] == {"other": presence._person(2)}


@pytest.mark.parametrize("store", ["memory", pytest.param("redis", marks=needs_redis)])
def test_a_socket_without_heartbeat_stops_counting_and_is_pruned(store, settings):
    if store == "memory":
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    presence.touch(8, "crashed", 1, True, now=1000)
    presence.touch(8, "alive", 2, True, now=1000 + presence.TTL - 1)
    later = 1001 + presence.TTL
    assert presence.count(8, now=later) == 1
    assert presence.cleanup_stale([8], now=later) == {8: 1}
    assert presence.stored(8)["sockets"] == {"alive": presence._person(2)}
    assert presence.cleanup_stale([8], now=later) == {}  # nothing more to prune


def test_with_redis_down_the_count_is_unknown_and_nothing_breaks(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "peersupport.cache.FailSoftRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    assert presence.touch(9, "socket", 1, True) is None
    assert presence.leave(9, "socket") is None
    assert presence.count(9) is None
    assert presence.claim_announcement(9, None) is False
    assert presence.cleanup_stale([9]) == {}
