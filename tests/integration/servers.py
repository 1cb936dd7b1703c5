"""Real servers for the fault tests: a redis-server of the test's own on a free port (restartable on the same
port), daphne processes on one on-disk SQLite database, and a WebSocket client that records what it was sent.

Nothing here touches the shared Redis on 6379 or the shared PostgreSQL on 5432.
"""

import asyncio
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import closing
from pathlib import Path

import pytest

websockets_exceptions = pytest.importorskip("websockets.exceptions")

ROOT = Path(__file__).resolve().parents[2]
REDIS = shutil.which("redis-server")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def free_port():
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port):
    with closing(socket.socket()) as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_for_port(port, process=None, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server on port {port} exited with {process.returncode}")
        if port_open(port):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on port {port}")


class Redis:
    """A redis-server without persistence that can be stopped and started again on the same port."""

    def __init__(self):
        if REDIS is None:
            if IN_CI:
                pytest.fail("CI must run the fault tests: redis-server is missing")
            pytest.skip("redis-server is not installed")
        self.port, self.process = free_port(), None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        command = [REDIS, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port, self.process)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(5)


class Site:
    """A migrated SQLite database, the night-owls group (tests/integration/helper.py) and daphne processes."""

    def __init__(self, tmp_path, redis_url, daphnes=1, database_url=None):
        self.tmp_path, self.ports, self.processes = tmp_path, [free_port() for _ in range(daphnes)], {}
        self.writers = []
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "peersupport.settings",
            "DATABASE_URL": database_url or f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "REDIS_URL": redis_url,
            "CHANNEL_LAYER_PREFIX": f"it-{uuid.uuid4().hex[:12]}",
            "CACHE_KEY_PREFIX": f"it-{uuid.uuid4().hex[:12]}",
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "WEBSOCKET_ALLOWED_ORIGINS": ",".join(f"http://127.0.0.1:{port}" for port in self.ports),
            "SECURE_SSL_REDIRECT": "false",
        }

    def run(self, *args, check=True):
        return subprocess.run(
            [sys.executable, *args], cwd=ROOT, env=self.env, check=check, capture_output=True, text=True, timeout=120
        )

    def helper(self, *args):
        """Run tests/integration/helper.py in its own process; its last line of output, as JSON."""
        return json.loads(self.run("-m", "tests.integration.helper", *args).stdout.strip().splitlines()[-1])

    def writer(self):
        """A helper process that stays up (`serve`): call it with "post 2 During" or "ban"; it answers in JSON."""
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.integration.helper", "serve"],
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self.writers.append(process)

        def command(line):
            process.stdin.write(line + "\n")
            process.stdin.flush()
            return json.loads(process.stdout.readline())

        return command

    def setup(self):
        self.run("manage.py", "migrate", "--noinput")
        return self.helper("setup")

    def start_daphne(self, port):
        log = open(self.tmp_path / f"daphne-{port}.log", "a")  # noqa: SIM115  (closed with the process)
        command = [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "peersupport.asgi:application"]
        self.processes[port] = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        wait_for_port(port, self.processes[port])

    def kill_daphne(self, port):
        self.processes[port].kill()
        self.processes[port].wait(5)

    def stop(self):
        for writer in self.writers:
            writer.stdin.close()
            writer.wait(10)
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for port, process in self.processes.items():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            print(f"--- daphne {port} ---", (self.tmp_path / f"daphne-{port}.log").read_text()[-4000:])


class Reader:
    """One group socket as the browser client uses it: it records every frame, and answers `resync` with
    `resume` from the highest id it has (static/js/live.js)."""

    def __init__(self, websocket):
        self.ws, self.frames, self.deliveries, self.task = websocket, [], {}, None

    def start(self):
        self.task = asyncio.ensure_future(self._read())
        return self

    @property
    def last(self):
        return max(self.deliveries, default=0)

    async def _read(self):
        with contextlib.suppress(websockets_exceptions.ConnectionClosed):  # the test looks at close_code
            await self._frames()

    async def _frames(self):
        async for text in self.ws:
            frame = json.loads(text)
            self.frames.append((time.monotonic(), frame))
            shown = [frame["message"]] if frame["type"] == "message.new" else frame.get("messages", [])
            for message in shown if frame["type"] in ("message.new", "replay") else []:
                self.deliveries[message["id"]] = self.deliveries.get(message["id"], 0) + 1
            if frame["type"] == "resync":
                after = min(self.last, frame["after"]) if frame.get("after") is not None else self.last
                await self.ws.send(json.dumps({"type": "resume", "after": after}))

    def kinds(self):
        return [frame["type"] for _when, frame in self.frames]

    async def wait_for(self, condition, timeout):
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                return False
            await asyncio.sleep(0.02)
        return True


def _postgres_tool(name):
    """On PATH, or where Debian keeps the newest server's tools (/usr/lib/postgresql/<version>/bin)."""

    def version(path):
        return [int(part) for part in path.parts[-3].split(".") if part.isdigit()]

    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=version)
    return shutil.which(name) or (str(found[-1]) if found else None)


class Postgres:
    """A throwaway PostgreSQL cluster of the test's own (initdb, trust on 127.0.0.1, a free port) that can be
    restarted; the shared cluster on 5432 is never touched."""

    def __init__(self):
        self.initdb, self.pg_ctl = _postgres_tool("initdb"), _postgres_tool("pg_ctl")
        if self.initdb is None or self.pg_ctl is None:
            if IN_CI:
                pytest.fail("CI must run the PostgreSQL restart test: initdb or pg_ctl is missing")
            pytest.skip("PostgreSQL's initdb and pg_ctl are not installed")
        self.port, self.dir = free_port(), Path(tempfile.mkdtemp(prefix="ps-pg-"))
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"
        os.chmod(self.dir, 0o777)

    def _as_postgres(self, *command):
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run([*prefix, *command], check=True, capture_output=True, text=True, timeout=120)

    def create(self):
        self._as_postgres(self.initdb, "-D", str(self.dir / "data"), "--auth=trust", "-U", "postgres")
        self.start()

    def start(self):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._as_postgres(
            self.pg_ctl, "-D", str(self.dir / "data"), "-o", options, "-l", str(self.dir / "log"), "-w", "start"
        )

    def stop(self):
        self._as_postgres(self.pg_ctl, "-D", str(self.dir / "data"), "-m", "fast", "-w", "stop")

    def remove(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
