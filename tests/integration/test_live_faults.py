"""The live layer through a Redis restart, with real daphne and a redis-server of the test's own (issue 16).

While Redis is down a moderator bans Ann and Sid writes; then Redis starts again (empty: no persistence) and Sid
writes more from another process. Sid's socket, which stayed open, is told to resync and is sent every message
exactly once (live or replayed, never both) within 5 s without reconnecting; Ann's socket, whose close order was
lost with Redis, is closed with 4403 within 30 s and is sent none of those messages.
"""

import asyncio
import time

import pytest

from .servers import Reader, Redis, Site

websockets = pytest.importorskip("websockets.asyncio.client")
pytestmark = pytest.mark.integration


@pytest.fixture
def redis():
    server = Redis()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def site(tmp_path, redis):
    site = Site(tmp_path, redis.url)
    site.people = site.setup()
    for port in site.ports:
        site.start_daphne(port)
    yield site
    site.stop()


def connect(port, slug, session):
    return websockets.connect(
        f"ws://127.0.0.1:{port}/ws/groups/{slug}/",
        origin=f"http://127.0.0.1:{port}",
        additional_headers={"Cookie": f"sessionid={session}"},
        open_timeout=10,
    )


async def test_redis_restart_resyncs_open_sockets_and_closes_a_ban_made_meanwhile(site, redis):
    port, people, write = site.ports[0], site.people, site.writer()
    async with (
        connect(port, people["slug"], people["member_session"]) as ann_ws,
        connect(port, people["slug"], people["other_session"]) as sid_ws,
    ):
        ann, sid = Reader(ann_ws).start(), Reader(sid_ws).start()
        assert await sid.wait_for(lambda: "hello" in sid.kinds(), 5)
        before = await asyncio.to_thread(write, "post 1 Before")
        assert await sid.wait_for(lambda: set(before) <= set(sid.deliveries), 5)  # live, the usual way

        redis.stop()
        await asyncio.sleep(2)  # the watcher finds the layer gone
        await asyncio.to_thread(write, "ban")  # its close order is lost with Redis
        during = await asyncio.to_thread(write, "post 2 During")
        redis.start()
        back = time.monotonic()
        after = await asyncio.to_thread(write, "post 3 After")
        wanted = set(before + during + after)

        assert await sid.wait_for(lambda: wanted <= set(sid.deliveries), 5), (sid.kinds(), sid.deliveries)
        caught_up = time.monotonic() - back
        print(f"caught up {caught_up:.2f} s after Redis came back")
        assert caught_up < 5 and "resync" in sid.kinds()
        await asyncio.sleep(0.5)  # a late stray would show now
        assert sid.deliveries == dict.fromkeys(wanted, 1)  # each message sent once, live or replayed; no other
        assert sid_ws.close_code is None  # the same socket all along

        assert await ann.wait_for(lambda: ann_ws.close_code is not None, 30 - (time.monotonic() - back))
        assert ann_ws.close_code == 4403
        assert not set(during + after) & set(ann.deliveries)  # nothing from the group after the ban
