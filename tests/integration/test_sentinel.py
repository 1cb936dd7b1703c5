"""Redis Sentinel for the cache, the channel layer and Celery, with a real Sentinel.

A Sentinel process watches this machine's Redis as master "mymaster". The app's URLs point at a port
where nothing listens, so the cache, the channel layer, a Celery worker and the client can only reach
Redis by asking the Sentinel where the master is.
"""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis as redis_client

from tests.peersupport.test_operate_stack import free_port, started, wait_for

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL", "")
REDIS_SERVER = shutil.which("redis-server")

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

pytestmark = [pytest.mark.integration]
if not (REDIS_URL and REDIS_SERVER):
    if IN_CI:
        pytest.fail("CI must run the Sentinel tests: REDIS_URL and redis-server are needed", pytrace=False)
    pytestmark.append(pytest.mark.skip(reason="needs a real Redis and redis-server (CI has both)"))


@pytest.fixture
def sentinel(tmp_path):
    port = free_port()
    master = REDIS_URL.split("//", 1)[1].split("/", 1)[0].rsplit("@", 1)[-1]
    host, _, master_port = master.partition(":")
    config = tmp_path / "sentinel.conf"
    config.write_text(
        f"port {port}\nbind 127.0.0.1\ndir {tmp_path}\n"
        f"sentinel monitor mymaster {host} {master_port or 6379} 1\n"
        "sentinel down-after-milliseconds mymaster 60000\n"
    )
    with started([REDIS_SERVER, str(config), "--sentinel"], dict(os.environ), tmp_path / "sentinel.log") as process:
        wait_for(port, process)
        yield port


def _through_sentinel(tmp_path, sentinel_port, prefix):
    """(the environment of a process whose Redis URLs point where nothing listens, so that only Sentinel knows the
    master; the command of a Celery worker in it)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "DJANGO"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "peersupport.settings",
            "REDIS_URL": f"redis://127.0.0.1:{free_port()}/11",
            "REDIS_SENTINELS": f"127.0.0.1:{sentinel_port}",
            "REDIS_SENTINEL_MASTER": "mymaster",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "CHANNEL_LAYER_PREFIX": f"{prefix}-{sentinel_port}",
            "PROBE_WORKER": f"{prefix}-{sentinel_port}@probe",
        }
    )
    worker = [sys.executable, "-m", "celery", "-A", "peersupport", "worker", "--pool", "solo", "--loglevel", "INFO",
              "--hostname", env["PROBE_WORKER"]]  # fmt: skip
    return env, worker


def test_cache_channel_layer_and_celery_find_redis_through_sentinel(sentinel, tmp_path):
    env, worker = _through_sentinel(tmp_path, sentinel, "sentinel")
    with started(worker, env, tmp_path / "worker.log"):
        deadline = time.monotonic() + 60
        while "ready." not in (tmp_path / "worker.log").read_text() and time.monotonic() < deadline:
            time.sleep(0.3)
        result = subprocess.run(
            [sys.executable, "-m", "tests.integration.sentinel_probe"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:] + (tmp_path / "worker.log").read_text()[-2000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found == {"cache": "kept", "cache_pool": "SentinelConnectionPool", "layer": 7, "celery_workers": 1}


def test_a_running_process_and_worker_follow_a_sentinel_fail_over(tmp_path):
    """A master and its replica of the test's own, watched by a Sentinel; a process and a Celery worker that
    started before the fail-over keep caching, passing live messages and reaching the worker after the replica
    is promoted (`SENTINEL FAILOVER`), and the old master is then a replica that refuses writes."""
    master_port, replica_port, sentinel_port = free_port(), free_port(), free_port()
    for name in ("master", "replica"):  # a replica's first sync writes an RDB file: in the test's folder
        (tmp_path / name).mkdir()
    servers = [
        [REDIS_SERVER, "--port", str(master_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path / "master")],
        [REDIS_SERVER, "--port", str(replica_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path / "replica"), "--replicaof", "127.0.0.1", str(master_port)],
    ]  # fmt: skip
    config = tmp_path / "sentinel.conf"
    config.write_text(
        f"port {sentinel_port}\nbind 127.0.0.1\ndir {tmp_path}\n"
        f"sentinel monitor mymaster 127.0.0.1 {master_port} 1\n"
        "sentinel down-after-milliseconds mymaster 2000\nsentinel failover-timeout mymaster 10000\n"
    )
    env, worker = _through_sentinel(tmp_path, sentinel_port, "failover")
    sentinel = redis_client.Redis(port=sentinel_port, decode_responses=True)
    with (
        started(servers[0], dict(os.environ), tmp_path / "master.log") as master,
        started(servers[1], dict(os.environ), tmp_path / "replica.log") as replica,
    ):
        wait_for(master_port, master)
        wait_for(replica_port, replica)
        _wait(lambda: redis_client.Redis(port=replica_port).info("replication")["master_link_status"] == "up")
        with started([REDIS_SERVER, str(config), "--sentinel"], dict(os.environ), tmp_path / "sentinel.log") as s:
            wait_for(sentinel_port, s)
            _wait(lambda: sentinel.sentinel_slaves("mymaster"))  # it has found the replica
            with started(worker, env, tmp_path / "worker.log"):
                _wait(lambda: "ready." in (tmp_path / "worker.log").read_text(), 60)
                probe = subprocess.Popen(
                    [sys.executable, "-m", "tests.integration.sentinel_probe", "serve"],
                    cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
                )  # fmt: skip
                try:
                    before = _ask(probe)
                    sentinel.execute_command("SENTINEL", "FAILOVER", "mymaster")
                    _wait(lambda: sentinel.sentinel_get_master_addr_by_name("mymaster")[1] == replica_port, 30)
                    _wait(lambda: redis_client.Redis(port=master_port).info("replication")["role"] == "slave", 30)
                    after = _ask(probe)
                finally:
                    probe.stdin.close()
                    probe.wait(30)
    logs = (tmp_path / "worker.log").read_text()[-2000:]
    expected = {"cache": "kept", "cache_pool": "SentinelConnectionPool", "layer": 7, "celery_workers": 1}
    assert {k: before.get(k) for k in expected} == expected, (before, logs)
    assert {k: after.get(k) for k in expected} == expected, (after, logs)
    print("the jobs worked again", after["seconds"], "s after the fail-over")


def _ask(probe):
    probe.stdin.write("probe\n")
    probe.stdin.flush()
    return json.loads(probe.stdout.readline())


def _wait(condition, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except Exception:  # a server still starting or switching roles
            pass
        time.sleep(0.2)
    raise AssertionError("timed out waiting for the servers")
