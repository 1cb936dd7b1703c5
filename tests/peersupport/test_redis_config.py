"""Each job's Redis, and Sentinel for all three (peersupport/redis_config.py); the live proof is
tests/integration/test_sentinel.py."""

import subprocess
import sys
from pathlib import Path

from peersupport import redis_config

ROOT = Path(__file__).resolve().parents[2]
SENTINELS = [("s1", 26379), ("s2", 26380)]


def test_sentinel_hosts_are_parsed_with_the_default_port():
    assert redis_config.sentinel_hosts("s1:26379, s2:26380") == SENTINELS
    assert redis_config.sentinel_hosts("s1") == [("s1", 26379)]
    assert redis_config.sentinel_hosts("") == []


def test_without_sentinel_each_job_uses_its_url_as_given():
    url = "redis://:pw@cache:6379/2"
    assert redis_config.channel_layer_host(url, [], "mymaster") == url
    assert redis_config.celery_broker(url, [], "mymaster") == (url, {})
    assert "pool_class" not in redis_config.cache_options(url, [], "mymaster")


def test_with_sentinel_every_job_keeps_its_database_and_password():
    url = "redis://:secret@ignored:6379/4"
    host = redis_config.channel_layer_host(url, SENTINELS, "mymaster", "sentinel-pw")
    assert host == {
        "sentinels": SENTINELS,
        "master_name": "mymaster",
        "db": 4,
        "password": "secret",
        "sentinel_kwargs": {"password": "sentinel-pw"},
    }
    broker, options = redis_config.celery_broker(url, SENTINELS, "mymaster")
    assert broker == "sentinel://:secret@s1:26379/4;sentinel://:secret@s2:26380/4"
    assert options == {"master_name": "mymaster"}
    cache = redis_config.cache_options(url, SENTINELS, "mymaster")
    assert cache["pool_class"] == "peersupport.redis_config.SentinelPool" and cache["socket_timeout"] == 0.5


def _settings_in(env, module):
    code = (
        f"import {module}; from django.conf import settings as s; "
        "print(s.DATABASES['default']['CONN_MAX_AGE'], s.DATABASES['default']['DISABLE_SERVER_SIDE_CURSORS'], "
        "s.CELERY_BROKER_URL, s.CACHES['default']['LOCATION'], s.CHANNEL_LAYERS['default']['CONFIG']['hosts'][0])"
    )
    base = {"PATH": "/usr/bin:/bin", "SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "example.org", "ADMIN_URL": "door/",
            "REDIS_URL": "redis://one:6379/0"}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**base, **env}, capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def test_each_job_may_have_a_redis_of_its_own_defaulting_to_redis_url():
    env = {"REDIS_URL": "redis://one:6379/0", "CACHE_REDIS_URL": "redis://two:6379/1"}
    _, _, broker, cache, layer = _settings_in(env, "peersupport.wsgi")
    assert (broker, cache, layer) == ("redis://one:6379/0", "redis://two:6379/1", "redis://one:6379/0")


def test_daphne_keeps_no_persistent_database_connections_and_gunicorn_does():
    assert _settings_in({}, "peersupport.wsgi")[0] == "60"
    assert _settings_in({}, "peersupport.asgi")[0] == "0"
    assert _settings_in({"CONN_MAX_AGE": "30"}, "peersupport.asgi")[0] == "0"


def test_pgbouncer_mode_turns_server_side_cursors_off():
    assert _settings_in({}, "peersupport.wsgi")[1] == "False"
    assert _settings_in({"DATABASE_PGBOUNCER": "true"}, "peersupport.wsgi")[1] == "True"
