"""Health checks for /healthz: each returns True when its service answers."""

import logging
import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.cache import cache
from django.db import connection

log = logging.getLogger(__name__)


def database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0] == 1
    except Exception:
        log.exception("health: database check failed")
        return False


def cache_ok():
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", 5)
        ok = cache.get(key) == "1"
        cache.delete(key)
        return ok
    except Exception:
        log.exception("health: cache check failed")
        return False


def channel_layer_ok():
    layer = get_channel_layer()
    if layer is None:
        return False
    try:

        async def roundtrip():
            channel = await layer.new_channel("healthz.")
            await layer.send(channel, {"type": "healthz.ping"})
            return (await layer.receive(channel))["type"] == "healthz.ping"

        return async_to_sync(roundtrip)()
    except Exception:
        log.exception("health: channel layer check failed")
        return False


CHECKS = {"database": database_ok, "cache": cache_ok, "channel_layer": channel_layer_ok}


def run_checks():
    return {name: check() for name, check in CHECKS.items()}
