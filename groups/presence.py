"""Who is here now: connected sockets per group, kept in the shared cache.

With REDIS_URL the cache is Redis, so every daphne process sees the same
count. Each socket is one entry ``channel_name -> [user_id, visible, expires]``
in the group's dict; sockets refresh their entry every HEARTBEAT seconds and
entries past their expiry are ignored and pruned. A lost update between two
processes heals at the next heartbeat. Only members who have "show when I am
here" on are counted; invisible members are never counted.

Announcements are coalesced so that 500 people connecting at once do not send
500 x 500 frames: a count is announced only when it differs from the last one
announced, and at most once per ANNOUNCE_EVERY seconds per group, agreed
between processes through the cache (``claim_announcement``); a socket that
was refused the slot asks again once the window has passed (``settle``), so the
last count always reaches the screens.
"""

import time

from django.core.cache import cache

from peersupport.privacy_keys import daily_hmac

TTL = 90  # seconds an entry lives without a heartbeat
HEARTBEAT = 30
ANNOUNCE_EVERY = 1  # seconds: at most one presence broadcast per group in this window


def _key(group_id):
    return f"presence:group:{group_id}"


def _live(entries, now):
    return {channel: entry for channel, entry in entries.items() if entry[2] > now}


def touch(group_id, channel_name, user_id, visible, now=None):
    """Add or refresh one socket; returns the count of visible people here now.

    A member who turned presence off is never stored (their socket is forgotten instead), and the
    person is stored as a daily HMAC: the cache can count people without naming them.
    """
    now = now or time.time()
    entries = _live(cache.get(_key(group_id)) or {}, now)
    if not visible:
        entries.pop(channel_name, None)
        cache.set(_key(group_id), entries, TTL * 2)
        return _count(entries)
    entries[channel_name] = [daily_hmac("presence", user_id)[:32], True, now + TTL]
    cache.set(_key(group_id), entries, TTL * 2)
    return _count(entries)


def leave(group_id, channel_name, now=None):
    """Forget one socket; returns the new count."""
    now = now or time.time()
    entries = _live(cache.get(_key(group_id)) or {}, now)
    entries.pop(channel_name, None)
    cache.set(_key(group_id), entries, TTL * 2)
    return _count(entries)


def claim_announcement(group_id, number):
    """True when `number` should be broadcast now: it differs from the last count announced and this
    group's window is free (the window is then taken). False: nothing new, or ask again later."""
    if cache.get(_announced_key(group_id)) == number:
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


def count(group_id, now=None):
    return _count(_live(cache.get(_key(group_id)) or {}, now or time.time()))


def _count(entries):
    return len({entry[0] for entry in entries.values() if entry[1]})


def cleanup_stale(group_ids=None, now=None):
    """Prune expired entries (sockets of a crashed process); returns {group_id: count} of changed groups.

    Safe to schedule every few minutes from Celery beat; `group_ids` defaults to every group.
    """
    from .models import Group

    now = now or time.time()
    ids = group_ids if group_ids is not None else Group.objects.values_list("pk", flat=True)
    changed = {}
    for group_id in ids:
        entries = cache.get(_key(group_id))
        if not entries:
            continue
        fresh = _live(entries, now)
        if len(fresh) != len(entries):
            cache.set(_key(group_id), fresh, TTL * 2)
            changed[group_id] = _count(fresh)
    return changed


def cleanup_and_announce(group_ids=None):
    """cleanup_stale, then tell open screens of the changed groups the new count (the Celery entry point)."""
    from . import live

    changed = cleanup_stale(group_ids)
    for group_id, number in changed.items():
        live.presence_event(group_id, number)
    return changed
