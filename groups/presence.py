"""Who is here now: connected sockets per group, counted as people.

With REDIS_URL the count lives in Redis structures made for it, shared by every daphne process: per
group a sorted set of people (score: when their last socket expires), a hash socket -> person and, per
person, a sorted set of their sockets. Connect, heartbeat and leave are one Lua script each: atomic,
O(log n), no read-modify-write between processes; an entry past its score is not counted and is pruned.
Without Redis (`make run`, most tests) one process keeps the same structures in memory.

Only members who have "show when I am here" on are stored; a person is a daily HMAC (the store can count
people without naming them) and the key names are HMACs like every cache key (peersupport/privacy_keys).
If Redis is down, the count is unknown (None) and nothing is announced; pages never depend on it.

Announcements are coalesced so that 500 people connecting at once do not send 500 x 500 frames: a count
is announced only when it differs from the last one announced, and at most once per ANNOUNCE_EVERY
seconds per group, agreed between processes through the cache (``claim_announcement``); a socket that
was refused the slot asks again once the window has passed (``settle``), so the last count always
reaches the screens.
"""

import logging
import threading
import time

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache

from peersupport.cache import UNAVAILABLE
from peersupport.privacy_keys import daily_hmac

log = logging.getLogger(__name__)
TTL = 90  # seconds a socket counts without a heartbeat
HEARTBEAT = 30
ANNOUNCE_EVERY = 1  # seconds: at most one presence broadcast per group in this window

_TOUCH = """
local owners, mine = KEYS[1] .. ':owners', KEYS[1] .. ':' .. ARGV[1]
redis.call('HSET', owners, ARGV[2], ARGV[1])
redis.call('ZADD', mine, ARGV[3], ARGV[2])
redis.call('ZREMRANGEBYSCORE', mine, '-inf', ARGV[4])
redis.call('ZADD', KEYS[1], 'GT', ARGV[3], ARGV[1])
for _, key in ipairs({KEYS[1], owners, mine}) do redis.call('EXPIRE', key, ARGV[5]) end
return redis.call('ZCOUNT', KEYS[1], '(' .. ARGV[4], '+inf')
"""
_FORGET = """
local owners = KEYS[1] .. ':owners'
local person = redis.call('HGET', owners, ARGV[1])
if person then
  redis.call('HDEL', owners, ARGV[1])
  local mine = KEYS[1] .. ':' .. person
  redis.call('ZREM', mine, ARGV[1])
  redis.call('ZREMRANGEBYSCORE', mine, '-inf', ARGV[2])
  local last = redis.call('ZRANGE', mine, -1, -1, 'WITHSCORES')
  if #last == 0 then redis.call('ZREM', KEYS[1], person) else redis.call('ZADD', KEYS[1], last[2], person) end
end
return redis.call('ZCOUNT', KEYS[1], '(' .. ARGV[2], '+inf')
"""
_PRUNE = """
local owners = KEYS[1] .. ':owners'
local removed = redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local all = redis.call('HGETALL', owners)
for i = 1, #all, 2 do
  local mine = KEYS[1] .. ':' .. all[i + 1]
  local score = redis.call('ZSCORE', mine, all[i])
  if (not score) or tonumber(score) <= tonumber(ARGV[1]) then
    redis.call('HDEL', owners, all[i])
    redis.call('ZREM', mine, all[i])
  end
end
return {removed, redis.call('ZCOUNT', KEYS[1], '(' .. ARGV[1], '+inf')}
"""


class RedisStore:
    def __init__(self, backend):
        self.client = backend._cache.get_client(write=True)
        self.touch_script = self.client.register_script(_TOUCH)
        self.forget_script = self.client.register_script(_FORGET)
        self.prune_script = self.client.register_script(_PRUNE)

    def touch(self, key, person, channel, expires, now):
        return int(self.touch_script(keys=[key], args=[person, channel, expires, now, TTL * 2]))

    def forget(self, key, channel, now):
        return int(self.forget_script(keys=[key], args=[channel, now]))

    def count(self, key, now):
        return int(self.client.zcount(key, f"({now}", "+inf"))

    def prune(self, key, now):
        removed, left = self.prune_script(keys=[key], args=[now])
        return int(removed), int(left)

    def stored(self, key):
        people = [p.decode() for p in self.client.zrange(key, 0, -1)]
        owners = {c.decode(): p.decode() for c, p in self.client.hgetall(f"{key}:owners").items()}
        return {"people": people, "sockets": owners}


class MemoryStore:
    """The same structures for one process without Redis; a lock stands in for Lua's atomicity."""

    def __init__(self):
        self.lock = threading.Lock()
        self.groups = {}  # key -> {"owners": {channel: person}, "mine": {person: {channel: expires}}}

    def _group(self, key):
        return self.groups.setdefault(key, {"owners": {}, "mine": {}})

    @staticmethod
    def _live(group, now):
        return {person for person, sockets in group["mine"].items() if any(e > now for e in sockets.values())}

    def touch(self, key, person, channel, expires, now):
        with self.lock:
            group = self._group(key)
            group["owners"][channel] = person
            group["mine"].setdefault(person, {})[channel] = expires
            return len(self._live(group, now))

    def forget(self, key, channel, now):
        with self.lock:
            group = self._group(key)
            person = group["owners"].pop(channel, None)
            if person is not None:
                sockets = group["mine"].get(person, {})
                sockets.pop(channel, None)
                if not sockets:
                    group["mine"].pop(person, None)
            return len(self._live(group, now))

    def count(self, key, now):
        with self.lock:
            return len(self._live(self.groups.get(key, {"mine": {}}), now))

    def prune(self, key, now):
        with self.lock:
            group = self._group(key)
            before = set(group["mine"])
            for channel, person in list(group["owners"].items()):
                sockets = group["mine"].get(person, {})
                if sockets.get(channel, 0) <= now:
                    del group["owners"][channel]
                    sockets.pop(channel, None)
                if not sockets:
                    group["mine"].pop(person, None)
            return len(before - set(group["mine"])), len(self._live(group, now))

    def stored(self, key):
        group = self.groups.get(key, {"owners": {}, "mine": {}})
        return {"people": list(group["mine"]), "sockets": dict(group["owners"])}


_memory = MemoryStore()


def forget_memory():
    """Empty the in-process store (tests clear the cache between tests; this store is not the cache)."""
    global _memory
    _memory = MemoryStore()


def _store():
    """The store of the cache's Redis client (one per process, peersupport/cache.py), made once."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return _memory
    shared = backend._cache
    if "_presence_store" not in shared.__dict__:
        shared.__dict__["_presence_store"] = RedisStore(backend)
    return shared.__dict__["_presence_store"]


def _key(group_id):
    return cache.make_key(f"presence:group:{group_id}")


def _person(user_id):
    return daily_hmac("presence", user_id)[:32]


def _soft(operation, *args):
    """Run a store operation; None when Redis cannot be reached (the count is then unknown)."""
    try:
        return getattr(_store(), operation)(*args)
    except UNAVAILABLE:
        log.warning("presence: Redis unavailable (%s)", operation)
        return None


def touch(group_id, channel_name, user_id, visible, now=None):
    """Add or refresh one socket; returns the count of visible people here now (None: unknown).

    A member who turned presence off is never stored: their socket is forgotten instead.
    """
    now = now or time.time()
    if not visible:
        return _soft("forget", _key(group_id), channel_name, now)
    return _soft("touch", _key(group_id), _person(user_id), channel_name, now + TTL, now)


def leave(group_id, channel_name, now=None):
    """Forget one socket; returns the new count (None: unknown)."""
    return _soft("forget", _key(group_id), channel_name, now or time.time())


def count(group_id, now=None):
    return _soft("count", _key(group_id), now or time.time())


def stored(group_id):
    """What the store holds for a group (people as daily pseudonyms, sockets): for tests and audits."""
    return _store().stored(_key(group_id))


def claim_announcement(group_id, number):
    """True when `number` should be broadcast now: it differs from the last count announced and this
    group's window is free (the window is then taken). False: nothing new, or ask again later."""
    if number is None or cache.get(_announced_key(group_id)) == number:
        return False
    if not cache.add(_window_key(group_id), 1, timeout=ANNOUNCE_EVERY):
        return False
    cache.set(_announced_key(group_id), number, TTL * 2)
    return True


def settle(group_id):
    """For a socket refused the window: (current count, whether to announce it now)."""
    number = count(group_id)
    return number, claim_announcement(group_id, number)


def _announced_key(group_id):
    return f"presence:announced:{group_id}"


def _window_key(group_id):
    return f"presence:window:{group_id}"


def cleanup_stale(group_ids, now=None):
    """Prune expired sockets (of a crashed process); returns {group_id: count} of the groups that changed."""
    now = now or time.time()
    changed = {}
    for group_id in group_ids:
        result = _soft("prune", _key(group_id), now)
        if result and result[0]:
            changed[group_id] = result[1]
    return changed
