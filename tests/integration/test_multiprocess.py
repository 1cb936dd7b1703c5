"""Two daphne processes on one Redis: messages and close orders cross processes.

Needs a real Redis (REDIS_URL; CI sets it). The processes share an on-disk
SQLite database in a temporary folder and a random channel-layer prefix, so
the test touches nothing else on that Redis.
"""

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from contextlib import closing
from pathlib import Path

import pytest

websockets = pytest.importorskip("websockets.asyncio.client")

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not REDIS_URL, reason="needs a real Redis: set REDIS_URL (CI does; e.g. redis://127.0.0.1:6379/0)"
    ),
]


def free_port():
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, process, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"daphne on port {port} exited with {process.returncode}")
        with closing(socket.socket()) as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"daphne on port {port} did not start")


@pytest.fixture
def cluster(tmp_path):
    ports = [free_port(), free_port()]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "peersupport.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": REDIS_URL,
        "CHANNEL_LAYER_PREFIX": f"it-{uuid.uuid4().hex[:12]}",
        "CACHE_KEY_PREFIX": f"it-{uuid.uuid4().hex[:12]}",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "WEBSOCKET_ALLOWED_ORIGINS": ",".join(f"http://127.0.0.1:{port}" for port in ports),
        "SECURE_SSL_REDIRECT": "false",
    }

    def run(*args):
        return subprocess.run(
            [sys.executable, *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=120
        )

    run("manage.py", "migrate", "--noinput")
    people = json.loads(run("-m", "tests.integration.helper", "setup").stdout.strip().splitlines()[-1])
    processes = []
    try:
        for port in ports:
            command = [
                sys.executable,
                "-m",
                "daphne",
                "-b",
                "127.0.0.1",
                "-p",
                str(port),
                "peersupport.asgi:application",
            ]
            log = open(tmp_path / f"daphne-{port}.log", "w")  # noqa: SIM115  (closed with the process)
            processes.append(subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
        for port, process in zip(ports, processes, strict=True):
            wait_for_port(port, process)
        yield {"ports": ports, "people": people, "ban": lambda: run("-m", "tests.integration.helper", "ban")}
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for port in ports:
            # Shown by pytest only when the test fails.
            print(f"--- daphne {port} ---", (tmp_path / f"daphne-{port}.log").read_text()[-4000:])


def connect(port, slug, session):
    return websockets.connect(
        f"ws://127.0.0.1:{port}/ws/groups/{slug}/",
        origin=f"http://127.0.0.1:{port}",
        additional_headers={"Cookie": f"sessionid={session}"},
        open_timeout=10,
    )


async def next_of(ws, wanted, timeout=5):
    async def find():
        while True:
            frame = json.loads(await ws.recv())
            if frame["type"] == wanted:
                return frame

    return await asyncio.wait_for(find(), timeout)


async def test_multiprocess_message_crosses_processes_and_ban_closes_socket(cluster):
    port_a, port_b = cluster["ports"]
    people = cluster["people"]
    slug = people["slug"]
    async with connect(port_a, slug, people["member_session"]) as on_a:
        await next_of(on_a, "hello")
        async with connect(port_b, slug, people["other_session"]) as on_b:
            await next_of(on_b, "hello")
            await on_b.send(json.dumps({"type": "send", "text": "Anyone up on the other server?"}))
            ack = await next_of(on_b, "ack")
            assert ack["outcome"] == "published"
            received = await next_of(on_a, "message.new")
            assert received["message"]["id"] == ack["message"]["id"]

            await asyncio.to_thread(cluster["ban"])
            started = time.monotonic()
            await asyncio.wait_for(on_a.wait_closed(), 2)
            assert time.monotonic() - started < 2
            assert on_a.close_code == 4403
            await on_b.send(json.dumps({"type": "ping"}))
            assert (await next_of(on_b, "pong"))["type"] == "pong"


async def test_multiprocess_outsider_session_is_refused(cluster):
    port_a, _port_b = cluster["ports"]
    with pytest.raises(Exception):  # noqa: B017  (the handshake is refused with HTTP 403)
        async with connect(port_a, cluster["people"]["slug"], "not-a-session"):
            pass
