"""Pages never depend on Redis being up: with the production cache backend pointed at a real Redis that is then
stopped, the crisis page, a group page and the chat page still answer 200 to a signed-in member (the unread
badge is counted from the database instead), and /healthz says the cache is down.

Starts its own redis-server on a free loopback port (CI installs it; skipped locally without it)."""

import os
import shutil
import socket
import subprocess
import time

import pytest
from django.urls import reverse

from peersupport.cache import FailSoftRedisCache

pytestmark = pytest.mark.integration
REDIS = shutil.which("redis-server")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_server():
    if REDIS is None:
        if IN_CI:
            pytest.fail("CI must run the Redis outage test: redis-server is missing")
        pytest.skip("redis-server is not installed")
    port = _free_port()
    process = subprocess.Popen(
        [REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    yield process, f"redis://127.0.0.1:{port}/0"
    if process.poll() is None:
        process.terminate()
        process.wait(5)


@pytest.fixture
def redis_cache(settings, redis_server):
    process, url = redis_server
    settings.CACHES = {
        "default": {
            "BACKEND": "peersupport.cache.FailSoftRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    return process


def _pages(group):
    return [
        reverse("crisis-help"),
        reverse("groups:group-home", args=[group.slug]),
        reverse("groups:chat", args=[group.slug]),
    ]


def test_pages_answer_while_redis_is_down(client, redis_cache, group, member, chat):
    from django.core.cache import caches

    assert isinstance(caches["default"], FailSoftRedisCache)
    client.force_login(member)
    for url in _pages(group):
        assert client.get(url).status_code == 200, url
    caches["default"].set("probe", "1", 30)
    assert caches["default"].get("probe") == "1"  # it really talks to that Redis

    redis_cache.terminate()
    redis_cache.wait(5)
    started = time.monotonic()
    for url in _pages(group):
        response = client.get(url)
        assert response.status_code == 200, url
    assert time.monotonic() - started < 10  # short timeouts: no page hangs on a dead Redis
    assert caches["default"].get("probe") is None
    with pytest.raises(ValueError):
        caches["default"].incr("probe")
    health = client.get(reverse("healthz"))
    assert health.status_code == 503 and health.json()["checks"]["cache"] == "error"
