"""The live layer through a Redis restart, with real daphne and a redis-server of the test's own (issue 16).

While Redis is down a moderator bans Ann and Sid writes; then Redis starts again (empty: no persistence) and Sid
writes more from another process. Sid's socket, which stayed open, is told to resync and is sent every message
exactly once (live or replayed, never both) within 5 s without reconnecting; Ann's socket, whose close order was
lost with Redis, is closed with 4403 within 30 s and is sent none of those messages.
"""

import asyncio
import json
import time
import urllib.request

import pytest

from .servers import Postgres, Reader, Redis, Site

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


async def _acked(reader, n, tries=5):
    """Send a message on the reader's socket; the id of the saved message once the server acknowledged it. As
    static/js/chat.js does, an `unavailable` answer (the database's first trip after a restart can still fail) is
    sent again with the same client_id after its retry_after."""
    client_id = f"ann-{n}"
    answers = lambda: [f for _t, f in reader.frames if f.get("client_id") == client_id]  # noqa: E731
    for _ in range(tries):
        await reader.ws.send(json.dumps({"type": "send", "text": f"Ann says {n}", "client_id": client_id}))
        assert await reader.wait_for(answers, 15), reader.kinds()
        answer = answers()[-1]
        if answer["type"] == "ack":
            return answer["message"]["id"]
        assert answer["code"] == "unavailable" and answer["retry_after"] > 0, answer
        reader.frames = [(t, f) for t, f in reader.frames if f.get("client_id") != client_id]
        await asyncio.sleep(answer["retry_after"])
    raise AssertionError(f"{client_id} was never acknowledged")


@pytest.fixture
def two_daphnes(tmp_path, redis):
    site = Site(tmp_path, redis.url, daphnes=2)
    site.people = site.setup()
    for port in site.ports:
        site.start_daphne(port)
    yield site
    site.stop()


async def test_killed_daphne_clients_resume_on_the_other_and_lose_nothing(two_daphnes):
    site, people = two_daphnes, two_daphnes.people
    first, second = site.ports
    write = site.writer()
    async with connect(first, people["slug"], people["member_session"]) as ann_ws:
        before = Reader(ann_ws).start()
        acked = [await _acked(before, n) for n in range(3)]  # acknowledged: must never be lost
        site.kill_daphne(first)  # SIGKILL: no close frame, no cleanup
        await asyncio.wait_for(ann_ws.wait_closed(), 10)
    missed = await asyncio.to_thread(write, "post 2 Meanwhile")

    async with connect(second, people["slug"], people["member_session"]) as again:  # the client's reconnect
        ann = Reader(again).start()
        await again.send(json.dumps({"type": "resume", "after": 0}))
        assert await ann.wait_for(lambda: set(acked + missed) <= set(ann.deliveries), 5), ann.deliveries
        await asyncio.sleep(0.3)
        assert all(ann.deliveries[i] == 1 for i in acked + missed)  # each once
    crisis = await asyncio.to_thread(urllib.request.urlopen, f"http://127.0.0.1:{second}/help/", timeout=10)
    assert crisis.status == 200  # the surviving process serves pages too


@pytest.fixture
def postgres():
    server = Postgres()
    server.create()
    yield server
    server.remove()


async def test_postgresql_restart_answers_unavailable_keeps_the_socket_and_loses_nothing(tmp_path, redis, postgres):
    site = Site(tmp_path, redis.url, database_url=postgres.url)
    people = site.setup()
    site.start_daphne(site.ports[0])
    port = site.ports[0]
    try:
        async with connect(port, people["slug"], people["member_session"]) as ws:
            ann = Reader(ws).start()
            acked = [await _acked(ann, 0)]
            await asyncio.to_thread(postgres.stop)
            await ws.send(json.dumps({"type": "send", "text": "Ann says 1", "client_id": "ann-1"}))
            refused = lambda: [f for _t, f in ann.frames if f.get("client_id") == "ann-1"]  # noqa: E731
            assert await ann.wait_for(refused, 15), ann.kinds()
            assert refused()[0]["type"] == "error" and refused()[0]["code"] == "unavailable", refused()
            await asyncio.to_thread(postgres.start)
            ann.frames.clear()
            acked.append(await _acked(ann, 1))  # the client sends it again after retry_after: saved now
            acked.append(await _acked(ann, 2))
            await ws.send(json.dumps({"type": "resume", "after": 0}))
            assert await ann.wait_for(lambda: "replay" in ann.kinds(), 10)
            replayed = [m["id"] for _t, f in ann.frames if f["type"] == "replay" for m in f["messages"]]
            assert sorted(replayed) == sorted(acked)  # every acknowledged message, once
            assert ws.close_code is None  # the socket lived through the restart
        page = await asyncio.to_thread(urllib.request.urlopen, f"http://127.0.0.1:{port}/help/", timeout=10)
        assert page.status == 200
    finally:
        site.stop()
