"""A drop of the channel layer's pub/sub connection shorter than the watcher's poll (issue 16): channels_redis
resubscribes by itself, so every probe still comes back, but what was published during the drop is lost. The
watcher hears the connection connect again and tells the socket to resync.

A Redis of the test's own: `CLIENT KILL TYPE pubsub` drops every pub/sub connection on it, as a network blip or
a proxy would, and would disturb other tests on a shared Redis."""

import asyncio

import pytest
import redis as redis_client

from groups import live_watch
from tests.groups.test_consumers import open_socket, receive

from .servers import Redis

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def redis_layer(settings):
    server = Redis()
    server.start()
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer", "CONFIG": {"hosts": [server.url]}}
    }
    yield server
    server.stop()


async def test_a_pub_sub_drop_between_two_probes_makes_open_sockets_resync(redis_layer, member):
    comm, connected, _code = await open_socket(member)
    assert connected
    watch = live_watch._watchers[asyncio.get_running_loop()]
    for _ in range(50):  # the first probe, at once: it starts hearing the pub/sub connection
        if watch._watched:
            break
        await asyncio.sleep(0.05)
    assert watch._watched and not watch.layer_lost
    killed = redis_client.Redis(port=redis_layer.port).client_kill_filter(_type="pubsub")
    assert killed >= 1
    resync = await receive(comm, "resync", timeout=live_watch.POLL * 4)
    assert "after" in resync
    await comm.disconnect()
