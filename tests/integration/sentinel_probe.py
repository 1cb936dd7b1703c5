"""Run by test_sentinel.py in a process whose settings point at Redis through Sentinel only.

Prints what the cache, the channel layer and Celery could do there, as JSON.
"""

import json
import os
import sys
import time
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


def probe():
    key = f"sentinel-probe-{uuid.uuid4().hex}"
    cache.set(key, "kept", 30)
    pool = cache._cache.get_client(key, write=True).connection_pool
    replies = app.control.ping(destination=[os.environ["PROBE_WORKER"]], timeout=5)
    return {
        "cache": cache.get(key),
        "cache_pool": type(pool).__name__,
        "layer": async_to_sync(layer_round_trip)(),
        "celery_workers": len(replies),
    }


def probe_until_it_works(seconds=30):
    """After a fail-over each client finds the new master at its next call: ask again, as the next request
    would, until every job works or `seconds` pass. Prints the answer and how long it took."""
    started, found = time.monotonic(), None
    while time.monotonic() - started < seconds:
        try:
            found = probe()
        except Exception as error:  # a call that met the old master: the next one asks Sentinel again
            found = {"error": repr(error)[:300]}
        if found.get("cache") == "kept" and found.get("layer") == 7 and found.get("celery_workers") == 1:
            break
        time.sleep(0.5)
    return {**found, "seconds": round(time.monotonic() - started, 1)}


def main():
    print(json.dumps(probe()))


def serve():
    """One process that lives through a fail-over: each line on stdin asks again; one line of JSON answers."""
    for _line in sys.stdin:
        print(json.dumps(probe_until_it_works()), flush=True)


if __name__ == "__main__":
    serve() if sys.argv[1:] == ["serve"] else main()
