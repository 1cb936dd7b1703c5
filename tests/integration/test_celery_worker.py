"""A real Celery worker on Redis sends a notification e-mail once, even after being killed mid-task.

Needs REDIS_URL and a database that a second process can reach (DATABASE_URL
to PostgreSQL in CI). The worker runs with the file e-mail backend in a
temporary folder, on its own queue, with a short broker visibility timeout so
a task of a killed worker is redelivered within seconds.
"""

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from accounts import tasks
from accounts.models import EmailDelivery, Notification
from groups.models import JoinRequest
from peersupport.celery import app as celery_app
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: a real Redis broker for the worker"),
]
VISIBILITY_TIMEOUT = 3


def _database_url():
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("needs DATABASE_URL to PostgreSQL: the worker process must reach the test database")
    auth = f"{quote(db['USER'] or '')}:{quote(db['PASSWORD'] or '')}@" if db["USER"] else ""
    return f"postgres://{auth}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{quote(db['NAME'])}"


class Workers:
    """Starts `celery worker` processes and always kills them."""

    def __init__(self, tmp_path, queue):
        self.tmp_path, self.queue, self.procs = tmp_path, queue, []
        self.outbox = tmp_path / "outbox"
        self.outbox.mkdir()
        self.marker = tmp_path / "killed-once"
        self.env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "EMAIL_URL": f"filemail:///{self.outbox}",  # four slashes: an absolute path for django-environ
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "DJANGO_SETTINGS_MODULE": "peersupport.settings",
        }

    def start(self, kill_once=False):
        env = {**self.env, "PEERSUPPORT_TEST_KILL_ONCE": str(self.marker) if kill_once else ""}
        log = open(self.tmp_path / f"worker-{len(self.procs)}.log", "w")  # noqa: SIM115 (closed with the process)
        proc = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "peersupport", "worker",
                "--pool", "solo", "--queues", self.queue, "--loglevel", "INFO",
                "--without-gossip", "--without-mingle", "--without-heartbeat",
                "--include", "tests.integration.celery_worker_hooks",
            ],
            cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        self.procs.append(proc)
        self._wait_ready(len(self.procs) - 1)
        return proc

    def _wait_ready(self, index, timeout=60):
        """Publish only once the worker has declared its queue (Redis drops messages no queue is bound to)."""
        path, deadline = self.tmp_path / f"worker-{index}.log", time.monotonic() + timeout
        while time.monotonic() < deadline:
            if " ready." in path.read_text():
                return
            time.sleep(0.2)
        raise AssertionError(f"the worker did not start:\n{self.logs()}")

    def kill_all(self):
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)

    def emails_to(self, address):
        text = "".join(path.read_text() for path in self.outbox.glob("*.log"))
        return len(re.findall(rf"^To: {re.escape(address)}$", text, flags=re.MULTILINE))

    def wait_for_email(self, address, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.emails_to(address):
                return True
            time.sleep(0.2)
        return False

    def logs(self):
        return "\n".join(path.read_text() for path in sorted(self.tmp_path.glob("worker-*.log")))


@pytest.fixture
def workers(tmp_path):
    pool = Workers(tmp_path, f"test-{uuid.uuid4().hex[:12]}")
    celery_app.conf.task_always_eager = False
    try:
        yield pool
    finally:
        pool.kill_all()
        celery_app.conf.task_always_eager = True


def _notification_for(group, email):
    user = UserFactory(email=email, email_frequency="immediate")
    request = JoinRequest.objects.create(group=group, user=user, status="approved")
    return Notification.objects.create(
        user=user, kind=Notification.Kind.JOIN_DECIDED, group=group, join_request=request
    )


def _enqueue(workers, notification):
    tasks.send_notification_email.apply_async((notification.pk,), queue=workers.queue)


@pytest.mark.django_db(transaction=True)
def test_worker_sends_a_notification_email_exactly_once(workers, group):
    notification = _notification_for(group, "first@example.net")
    workers.start()
    _enqueue(workers, notification)
    _enqueue(workers, notification)  # the same task twice: the unique key stops the second
    assert workers.wait_for_email("first@example.net"), workers.logs()
    deadline = time.monotonic() + 5
    while "succeeded" not in workers.logs().split("send_notification_email")[-1] and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1)
    assert workers.emails_to("first@example.net") == 1
    assert EmailDelivery.objects.filter(key=f"notification:{notification.pk}", sent_at__isnull=False).count() == 1


@pytest.mark.django_db(transaction=True)
def test_task_of_a_killed_worker_is_redelivered_and_sends_once(workers, group):
    notification = _notification_for(group, "second@example.net")
    first = workers.start(kill_once=True)
    _enqueue(workers, notification)
    assert first.wait(timeout=60) == -signal.SIGKILL, workers.logs()
    assert workers.marker.exists()
    assert workers.emails_to("second@example.net") == 0
    time.sleep(VISIBILITY_TIMEOUT)
    workers.start()
    assert workers.wait_for_email("second@example.net", timeout=90), workers.logs()
    time.sleep(1)
    assert workers.emails_to("second@example.net") == 1
    assert Notification.objects.get(pk=notification.pk).emailed_at is not None
