"""No notification is lost while the broker is down (issue 16): a task the broker refuses is kept in the
database and queued again by the beat's outbox job, once, when the broker is back."""

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerDown

from accounts import tasks
from accounts.models import Notification, QueuedTask
from groups.membership.actions import approve_join_request
from groups.models import JoinRequest
from peersupport.beat import schedule
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def broker(monkeypatch):
    """The broker, which a test can take down: every task's delay() then raises what kombu raises."""

    class Broker:
        up = True

    real_delay = tasks.notify_join_request_changed.__class__.delay

    def delay(task, *args, **kwargs):
        if not Broker.up:
            raise BrokerDown("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
        return real_delay(task, *args, **kwargs)

    monkeypatch.setattr(tasks.notify_join_request_changed.__class__, "delay", delay)
    return Broker


def _decided(group, moderator):
    applicant = UserFactory()
    request = JoinRequest.objects.create(group=group, user=applicant, status=JoinRequest.Status.PENDING)
    approve_join_request(moderator, request)
    return applicant


def _told(user):
    return Notification.objects.filter(user=user, kind=Notification.Kind.JOIN_DECIDED).count()


def test_a_decision_made_while_the_broker_is_down_is_told_once_it_is_back(group, moderator, broker):
    broker.up = False
    applicant = _decided(group, moderator)  # the approval itself goes through
    assert JoinRequest.objects.get(user=applicant).status == JoinRequest.Status.APPROVED
    assert _told(applicant) == 0
    kept = QueuedTask.objects.get()
    assert kept.task == "accounts.tasks.notify_join_request_changed" and kept.args[1] == "approved"

    assert tasks.send_kept() == 0  # still down: kept, and the attempt counted
    assert QueuedTask.objects.get().attempts == 1 and _told(applicant) == 0

    broker.up = True
    assert tasks.send_kept() == 1
    assert _told(applicant) == 1 and not QueuedTask.objects.exists()
    assert tasks.send_kept() == 0 and _told(applicant) == 1  # told once


def test_a_task_kept_twice_tells_once(group, moderator, broker):
    """A crash between queueing and deleting the row queues it again: the tasks are safe to run twice."""
    broker.up = False
    applicant = _decided(group, moderator)
    row = QueuedTask.objects.get()
    QueuedTask.objects.create(task=row.task, args=row.args)
    broker.up = True
    assert tasks.send_kept() == 2
    assert _told(applicant) == 1


def test_stale_or_unknown_kept_tasks_are_dropped(group, moderator, broker):
    broker.up = False
    applicant = _decided(group, moderator)
    QueuedTask.objects.create(task="accounts.tasks.no_such_task", args=[1])
    QueuedTask.objects.create(task=QueuedTask.objects.first().task, args=[0, "approved"])
    QueuedTask.objects.filter(args=[0, "approved"]).update(created_at=timezone.now() - tasks.KEPT_FOR * 2)
    broker.up = True
    assert tasks.send_kept() == 1  # the decision; the unknown task and the stale one are dropped
    assert _told(applicant) == 1 and not QueuedTask.objects.exists()


def test_the_outbox_runs_every_minute():
    entry = schedule(digest_hour=8)["task-outbox"]
    assert entry["task"] == "accounts.tasks.send_kept_tasks" and entry["schedule"] <= 60


def test_a_task_of_a_killed_worker_waits_minutes_not_an_hour(settings):
    assert settings.CELERY_TASK_ACKS_LATE
    assert 60 <= settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] <= 900
