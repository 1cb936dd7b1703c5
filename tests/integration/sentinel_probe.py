"""Run by test_sentinel.py in a process whose settings point at Redis through Sentinel only.

Prints what the cache, the channel layer and Celery could do there, as JSON.
"""

import json
import os
import uuid

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersupport.settings")
django.setup()

from asgiref.sync import async_to_sync  # noqa: E402
from channels.layers import get_channel_layer  # noqa: E402
from django.core.cache import cache  # noqa: E402

from peersupport.celery import app  # noqa: E402


async def layer_round_trip():
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add("sentinel-probe", channel)
    await layer.group_send("sentinel-probe", {"type": "probe", "n": 7})
    message = await layer.receive(channel)
    await layer.group_discard("sentinel-probe", channel)
    return message["n"]


def main():
    key = f"sentinel-probe-{uuid.uuid4().hex}"
    cache.set(key, "kept", 30)
    pool = cache._cache.get_client(key, write=True).connection_pool
    replies = app.control.ping(destination=[os.environ["PROBE_WORKER"]], timeout=5)
    print(
        json.dumps(
            {
                "cache": cache.get(key),
                "cache_pool": type(pool).__name__,
                "layer": async_to_sync(layer_round_trip)(),
                "celery_workers": len(replies),
            }
        )
    )


if __name__ == "__main__":
    main()
