"""The production shape through a Redis restart (issue 16): gunicorn for pages and two daphne processes for
sockets, on a PostgreSQL and a Redis of the test's own, with the channel layer encrypted.

A frame over the size limit (but under daphne's own 1 MiB) is named too large and its socket stays open. While
Redis is down, a signed-in member's crisis page, group home and chat page answer 200 from gunicorn (never a 500
page), and a message sent on an open socket is acknowledged or answered `unavailable` (the client sends it again),
never closed in silence. When Redis is back the pages still answer, the other person's socket on the other daphne,
which stayed open, is sent that message exactly once, and new sockets cross daphnes through the encrypted layer as
before the restart.
"""

import asyncio
import json
import os
import subprocess
import sys
import urllib.request

import pytest

from .servers import ROOT, Postgres, Reader, Redis, Site, free_port, wait_for_port
from .test_live_faults import connect

websockets = pytest.importorskip("websockets.asyncio.client")
pytestmark = pytest.mark.integration


@pytest.fixture
def shape(tmp_path):
    redis, postgres = Redis(), Postgres()
    redis.start()
    postgres.create()
    site = Site(tmp_path, redis.url, daphnes=2, database_url=postgres.url)
    site.env["CHANNELS_ENCRYPTION_KEY"] = "integration-test-layer-key-0123456789"
    site.people = site.setup()
    for port in site.ports:
        site.start_daphne(port)
    web = free_port()
    site.env["ALLOWED_HOSTS"] += f",127.0.0.1:{web}"
    log = open(tmp_path / "gunicorn.log", "w")  # noqa: SIM115  (closed with the process)
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "peersupport.wsgi:application", "--bind", f"127.0.0.1:{web}",
         "--workers", "1", "--timeout", "30"],
        cwd=ROOT, env=site.env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    wait_for_port(web, gunicorn)
    site.web, site.redis = web, redis
    try:
        yield site
    finally:
        gunicorn.terminate()
        gunicorn.wait(10)
        print("--- gunicorn ---", (tmp_path / "gunicorn.log").read_text()[-4000:])
        site.stop()
        redis.stop()
        postgres.remove()


def _page(site, path):
    request = urllib.request.Request(
        f"http://127.0.0.1:{site.web}{path}", headers={"Cookie": f"sessionid={site.people['member_session']}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _pages_answer(site):
    slug = site.people["slug"]
    for path, words in (
        ("/help/", "Get help now"),
        (f"/groups/{slug}/", "Night owls"),
        (f"/groups/{slug}/chat/", "Night owls"),
    ):
        status, body = _page(site, path)
        assert status == 200, (path, status, body[-2000:])
        assert words in body, path


async def _opened(port, slug, session, tries=6):
    """A socket as static/js/live.js opens one: a close before `hello` (1013: the layer was down) is tried
    again after a back-off."""
    for attempt in range(tries):
        ws = await connect(port, slug, session)
        reader = Reader(ws).start()
        answered = lambda r=reader, w=ws: "hello" in r.kinds() or w.close_code is not None  # noqa: E731
        if await reader.wait_for(answered, 10) and "hello" in reader.kinds():
            return ws, reader
        assert ws.close_code == 1013, ws.close_code
        await ws.close()
        await asyncio.sleep(0.25 * 2**attempt)
    raise AssertionError(f"no hello from {port} after {tries} tries")


async def _crosses(site, text):
    """Sid's socket on daphne B is sent what Ann writes on daphne A."""
    a, b = site.ports
    people = site.people
    ann_ws, ann = await _opened(a, people["slug"], people["member_session"])
    sid_ws, sid = await _opened(b, people["slug"], people["other_session"])
    try:
        await ann_ws.send(json.dumps({"type": "send", "text": text, "client_id": text}))
        seen = lambda: [f for _t, f in sid.frames if f["type"] == "message.new" and text in f["message"]["html"]]  # noqa: E731
        assert await sid.wait_for(seen, 10), sid.kinds()
    finally:
        await ann_ws.close()
        await sid_ws.close()


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="CI runs it on PostgreSQL")
async def test_pages_answer_through_a_redis_restart_and_the_encrypted_layer_crosses_daphnes(shape):
    await asyncio.to_thread(_pages_answer, shape)
    await _crosses(shape, "Before the restart")
    people, (a, b) = shape.people, shape.ports
    ann_ws, ann = await _opened(a, people["slug"], people["member_session"])
    sid_ws, sid = await _opened(b, people["slug"], people["other_session"])
    try:
        # a frame far over the limit but under daphne's own 1 MiB: named too large, and the socket stays open
        await ann_ws.send(json.dumps({"type": "send", "text": "x" * 200_000, "client_id": "huge"}))
        assert await ann.wait_for(lambda: "error" in ann.kinds(), 10), ann.kinds()
        assert [f["code"] for _t, f in ann.frames if f["type"] == "error"] == ["too_large"]
        await ann_ws.send(json.dumps({"type": "ping"}))
        assert await ann.wait_for(lambda: "pong" in ann.kinds(), 10) and ann_ws.close_code is None
        shape.redis.stop()
        await asyncio.to_thread(_pages_answer, shape)  # Redis is down: every page still answers
        saved = await _sent_as_the_client_does(ann, "Written while Redis was down", shape.redis)
        await asyncio.to_thread(_pages_answer, shape)
        # Sid's socket stayed open: the message reaches it once, live or replayed after the resync
        assert await sid.wait_for(lambda: saved in sid.deliveries, 10), sid.kinds()
        await asyncio.sleep(1)
        assert sid.deliveries[saved] == 1 and ann_ws.close_code is None and sid_ws.close_code is None
    finally:
        await ann_ws.close()
        await sid_ws.close()
    await _crosses(shape, "After the restart")


async def _sent_as_the_client_does(reader, text, redis):
    """Send on an open socket while Redis is down; the answer is an ack or `unavailable` with `retry_after`, never
    a silent close. Like static/js/chat.js the client keeps the text and sends it again (same client_id) after
    retry_after, here once Redis is back. Returns the saved message's id."""
    await reader.ws.send(json.dumps({"type": "send", "text": text, "client_id": "outage-1"}))
    answers = lambda: [f for _t, f in reader.frames if f.get("client_id") == "outage-1"]  # noqa: E731
    assert await reader.wait_for(answers, 15), reader.kinds()
    first = answers()[0]
    assert first["type"] == "ack" or (first["code"] == "unavailable" and first["retry_after"] > 0), first
    assert reader.ws.close_code is None
    redis.start()
    if first["type"] != "ack":
        reader.frames.clear()
        await asyncio.sleep(first["retry_after"])
        await reader.ws.send(json.dumps({"type": "send", "text": text, "client_id": "outage-1"}))
        assert await reader.wait_for(answers, 15), reader.kinds()
    acked = [f for f in answers() if f["type"] == "ack"]
    assert acked, answers()
    return acked[0]["message"]["id"]
