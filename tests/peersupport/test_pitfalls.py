"""The known traps of this stack (/work/shared/PITFALLS.md), each pinned by a test.

Most traps are covered where the feature lives (socket revocation in
tests/groups/test_consumers.py, caching in test_security.py, allauth proxies in
test_security.py, the sanitizer in tests/moderation/test_sanitize.py); these are
the configuration-level ones.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from celery.app.task import Task
from channels.testing import WebsocketCommunicator

from groups import consumers, presence
from moderation import pipeline
from moderation.actions import remove_message
from peersupport.celery import app as celery_app
from tests.peersupport.test_project import PRODUCTION_ENV

ROOT = Path(__file__).resolve().parents[2]


def _production_settings(**extra):
    """Selected settings as the production environment computes them (a fresh process)."""
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}}
    env.update(PRODUCTION_ENV, REDIS_URL="redis://127.0.0.1:6399/0", **extra)
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'layers': s.CHANNEL_LAYERS, 'celery': [s.CELERY_TASK_SERIALIZER, "
        "s.CELERY_ACCEPT_CONTENT, s.CELERY_TASK_ACKS_LATE, s.CELERY_TASK_REJECT_ON_WORKER_LOST]}))"
    )
    env["DJANGO_SETTINGS_MODULE"] = "peersupport.settings"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_redis_channel_layer_encrypts_message_text_when_a_key_is_set():
    config = _production_settings(CHANNELS_ENCRYPTION_KEY="a-long-random-key-for-the-test")["layers"]["default"]
    assert config["CONFIG"]["symmetric_encryption_keys"] == ["a-long-random-key-for-the-test"]
    assert "symmetric_encryption_keys" not in _production_settings()["layers"]["default"]["CONFIG"]


def test_two_installations_on_one_redis_get_different_channel_prefixes():
    """Pub/sub channels ignore the Redis database number: a shared prefix would cross installations."""
    one = _production_settings(DATABASE_URL="postgres://u:p@db:5432/one")["layers"]["default"]["CONFIG"]["prefix"]
    two = _production_settings(DATABASE_URL="postgres://u:p@db:5432/two")["layers"]["default"]["CONFIG"]["prefix"]
    assert one != two


def test_celery_trusts_json_only_and_survives_a_killed_worker():
    assert _production_settings()["celery"] == ["json", ["json"], True, True]
    assert celery_app.conf.task_serializer == "json"
    assert celery_app.conf.accept_content == ["json"]


@pytest.mark.django_db
def test_tasks_are_queued_with_ids_never_message_text(
    monkeypatch, member, other_member, moderator, group, chat, django_capture_on_commit_callbacks
):
    queued = []
    original = Task.apply_async

    def spy(self, args=None, kwargs=None, **options):
        queued.append((self.name, args, kwargs))
        return original(self, args, kwargs, **options)

    monkeypatch.setattr(Task, "apply_async", spy)
    secret = "my sister Anna relapsed on Tuesday"
    with django_capture_on_commit_callbacks(execute=True):
        first = pipeline.submit(member, group, secret, kind=pipeline.Kind.TOPIC, title="Private title here")
        reply = pipeline.submit(other_member, group, f"@{member.display_name} {secret}", topic=first.message.topic)
        remove_message(moderator, reply.message, "Please keep names private.")
    assert queued, "the journey queued no task: the spy saw nothing"
    for name, args, kwargs in queued:
        flat = json.dumps([args, kwargs], default=str)
        assert secret not in flat and "Private title" not in flat and "keep names" not in flat, name


@pytest.mark.django_db(transaction=True)
async def test_long_lived_socket_is_told_to_reconnect_before_group_expiry(monkeypatch, settings, member, chat):
    """Sockets must not outlive channel-layer group membership: after MAX_AGE they close with RECONNECT."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    monkeypatch.setattr(consumers, "MAX_AGE", 0.2)
    monkeypatch.setattr(presence, "HEARTBEAT", 0.05)
    from channels.routing import URLRouter

    from groups.routing import websocket_urlpatterns

    comm = WebsocketCommunicator(URLRouter(websocket_urlpatterns), "/ws/groups/recovery-circle/")
    comm.scope["user"] = member
    connected, _code = await comm.connect()
    assert connected
    output = await comm.receive_output(timeout=3)
    while output["type"] != "websocket.close":
        output = await comm.receive_output(timeout=3)
    assert output["code"] == consumers.RECONNECT
