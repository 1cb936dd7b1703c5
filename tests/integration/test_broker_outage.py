"""A decision made while the Celery broker is down reaches the person once it is back, exactly once: through a
real Redis broker of the test's own, stopped and started, and a real Celery worker (issue 16: notifications were
lost in outages). The web side runs in its own process, as gunicorn would."""

import json
import subprocess
import sys
import time

import pytest

from accounts.models import Notification, QueuedTask
from groups.models import JoinRequest
from tests.factories import UserFactory
from tests.integration.servers import ROOT, Redis
from tests.integration.test_celery_worker import Workers

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

WEB = """
import json, sys
import django
django.setup()
from accounts import tasks
from accounts.models import QueuedTask
if sys.argv[1] == "decide":
    tasks.enqueue(tasks.notify_join_request_changed, int(sys.argv[2]), "approved")
    print(json.dumps({"kept": QueuedTask.objects.count()}))
else:
    print(json.dumps({"sent": tasks.send_kept(), "kept": QueuedTask.objects.count()}))
"""


@pytest.fixture
def broker():
    server = Redis()
    yield server
    server.stop()


def _web(workers, *args):
    done = subprocess.run(
        [sys.executable, "-c", WEB, *args], cwd=ROOT, env=workers.env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _told(user, expected, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        count = Notification.objects.filter(user=user, kind=Notification.Kind.JOIN_DECIDED).count()
        if count >= expected:
            return count
        time.sleep(0.2)
    return Notification.objects.filter(user=user, kind=Notification.Kind.JOIN_DECIDED).count()


def test_a_decision_made_while_the_broker_is_down_is_told_once_when_it_is_back(tmp_path, group, broker):
    workers = Workers(tmp_path, "celery")  # the broker is the test's own: the default queue is nobody else's
    workers.env.update({"CELERY_BROKER_URL": broker.url, "REDIS_URL": broker.url})
    applicant = UserFactory()
    request = JoinRequest.objects.create(group=group, user=applicant, status=JoinRequest.Status.APPROVED)
    try:
        assert _web(workers, "decide", str(request.pk)) == {"kept": 1}  # the broker is down: kept, not lost
        assert QueuedTask.objects.get().task == "accounts.tasks.notify_join_request_changed"
        broker.start()
        workers.start()
        assert _web(workers, "send") == {"sent": 1, "kept": 0}  # the outbox job, as beat runs it every minute
        assert _told(applicant, 1) == 1, workers.logs()
        time.sleep(1)
        assert _told(applicant, 2, timeout=0) == 1  # once
    finally:
        workers.kill_all()
