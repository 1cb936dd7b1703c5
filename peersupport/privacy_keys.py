"""Keyed, daily-rotating pseudonyms for what Redis holds (issue 17).

Every cache key goes through ``cache_key`` (``CACHES[...]["KEY_FUNCTION"]``): Redis then holds
``<prefix>:<version>:<HMAC>`` and never a client address, an e-mail hash, a user id or a group
id in clear, whoever wrote the key (allauth's sign-in limits included). The HMAC key is
``PRIVACY_HMAC_KEY`` (by default derived from SECRET_KEY with a domain separator, so it is not
SECRET_KEY itself), and the UTC date is mixed in: yesterday's keys cannot be recomputed from
today's and a seized Redis cannot be matched against a list of addresses without the key.

The cost of the rotation: at midnight UTC every key changes, so rate limits and hourly counts
start again and presence is rebuilt by the next heartbeats (within ``presence.HEARTBEAT``).
"""

import hashlib
import hmac
from datetime import UTC, datetime

from django.conf import settings


def _day(now=None):
    return (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%d")


def daily_hmac(purpose, value, now=None):
    """HMAC-SHA256 of `value` under PRIVACY_HMAC_KEY, salted with `purpose` and today's UTC date."""
    message = f"{purpose}\x00{_day(now)}\x00{value}".encode()
    return hmac.new(settings.PRIVACY_HMAC_KEY.encode(), message, hashlib.sha256).hexdigest()


def cache_key(key, key_prefix, version):
    """Django's KEY_FUNCTION: the whole key as a daily HMAC, behind the installation's prefix."""
    return f"{key_prefix}:{version}:{daily_hmac('cache', key)}"
