"""The Redis cache as something a page can live without.

A 5-second Redis restart must never turn the crisis help page, a group page or the chat into a 500 (the
unread count in every page's context reads the cache). Every call here answers as a cache that has nothing
when Redis cannot be reached: reads give the default, writes do nothing, `incr` raises ValueError as for a
missing key (callers already treat that as "first time"). Counters that rely on the cache (the burst limit,
the bad-batch limit, allauth's sign-in limits) therefore fail open for the length of the outage, and say so
in the log; the health check (peersupport/health.py) reports the cache as down.

One Redis client, so one connection pool, per process and configuration: Django makes a cache backend per
async context (its cache handler is not thread-critical), and under daphne each socket's context had a
backend, a pool and a Redis connection of its own (1,000 sockets held 1,000 connections, and each handshake
paid for a new one). redis-py's pools are thread-safe and start again in a forked child.
"""

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache
from django.utils.functional import cached_property
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
_LOG_EVERY = 30  # seconds between two "cache unavailable" log lines of one process


_clients = {}  # (servers, options) -> the RedisCacheClient of this process
_clients_lock = threading.Lock()


class FailSoftRedisCache(RedisCache):
    _last_logged = 0.0

    @cached_property
    def _cache(self):
        key = (tuple(self._servers), repr(sorted(self._options.items())))
        with _clients_lock:
            if key not in _clients:
                _clients[key] = self._class(self._servers, **self._options)
            return _clients[key]

    def _soft(self, operation, default, *args, **kwargs):
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except UNAVAILABLE:
            now = time.monotonic()
            if now - FailSoftRedisCache._last_logged > _LOG_EVERY:
                FailSoftRedisCache._last_logged = now
                log.warning("cache: Redis unavailable, answering without it (%s)", operation)
            if isinstance(default, Exception):
                raise default from None
            return default

    def get(self, key, default=None, version=None):
        return self._soft("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._soft("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._soft("has_key", False, key, version)

    def set(self, key, value, timeout=None, version=None):
        return self._soft("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=None, version=None):
        return self._soft("set_many", list(data), data, timeout, version)

    def add(self, key, value, timeout=None, version=None):
        return self._soft("add", False, key, value, timeout, version)

    def touch(self, key, timeout=None, version=None):
        return self._soft("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._soft("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._soft("delete_many", None, keys, version)

    def incr(self, key, delta=1, version=None):
        return self._soft("incr", ValueError("cache unavailable"), key, delta, version)

    def decr(self, key, delta=1, version=None):
        return self._soft("decr", ValueError("cache unavailable"), key, delta, version)

    def clear(self):
        return self._soft("clear", None)
