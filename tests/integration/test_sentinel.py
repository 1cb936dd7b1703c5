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

from tests.peersupport.test_operate_stack import free_port, started, wait_for

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL", "")
REDIS_SERVER = shutil.which("redis-server")

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not (REDIS_URL and REDIS_SERVER), reason="needs a real Redis and redis-server (CI has both)"),
]


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


def test_cache_channel_layer_and_celery_find_redis_through_sentinel(sentinel, tmp_path):
    nowhere = f"redis://127.0.0.1:{free_port()}/11"  # nothing listens: only Sentinel knows the master
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "DJANGO"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "peersupport.settings",
            "REDIS_URL": nowhere,
            "REDIS_SENTINELS": f"127.0.0.1:{sentinel}",
            "REDIS_SENTINEL_MASTER": "mymaster",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "CHANNEL_LAYER_PREFIX": f"sentinel-{sentinel}",
            "PROBE_WORKER": f"sentinel-{sentinel}@probe",
        }
    )
    worker = [sys.executable, "-m", "celery", "-A", "peersupport", "worker", "--pool", "solo", "--loglevel", "INFO",
              "--hostname", env["PROBE_WORKER"]]  # fmt: skip
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
