"""Urgent items reach a human: on duty first, then every moderator, then staff; e-mails are never lost."""

import smtplib
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from accounts import tasks
from accounts.notifications import email, inbox
from accounts.notifications.models import EmailDelivery, Notification
from groups.models import Membership
from moderation import pipeline
from moderation.duty import escalation
from moderation.duty.models import DutyShift, UrgentEscalation
from moderation.models import ModerationLog, QueueItem, WatchedWord
from tests.factories import UserFactory

TEXT = "he took an overdose"


@pytest.fixture
def urgent_word(db):
    return WatchedWord.objects.create(pattern="overdose", action=WatchedWord.Action.URGENT)


@pytest.fixture
def on_duty(group, moderator):
    now = timezone.now()
    DutyShift.objects.create(
        user=moderator, group=group, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=8)
    )
    return moderator


@pytest.fixture
def second_moderator(group):
    user = UserFactory(display_name="Second Moderator", email="second@example.net")
    Membership.objects.create(group=group, user=user, role="moderator", rules_version_accepted=1)
    return user


@pytest.fixture
def run_after_commit(django_capture_on_commit_callbacks):
    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


@pytest.fixture
def eager_retries():
    from peersupport.celery import app

    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = True


def urgent_ids():
    return set(Notification.objects.filter(kind="urgent").values_list("user_id", flat=True))


def actions(group):
    return list(ModerationLog.objects.filter(group=group).order_by("id").values_list("action", flat=True))


def post_urgent(member, group, chat):
    result = pipeline.submit(member, group, TEXT, topic=chat)
    assert result.urgent
    return QueueItem.objects.get(kind="urgent", message=result.message)


def test_the_people_on_duty_hear_first_in_the_messages_own_transaction(
    urgent_word, member, chat, group, on_duty, second_moderator
):
    # No on_commit callback runs here (as when the broker is down after the commit): the rows are there anyway.
    with mock.patch.object(tasks.notify_message_saved, "delay", side_effect=ConnectionError("broker down")):
        post_urgent(member, group, chat)
    assert urgent_ids() == {on_duty.pk}
    assert actions(group) == ["notified_on_duty"]
    row = ModerationLog.objects.get(action="notified_on_duty")
    assert row.reason_code == "on_duty_told" and row.reason_params == {"names": on_duty.display_name}


def test_nobody_on_duty_goes_to_every_moderator_at_once(urgent_word, member, chat, group, moderator, owner):
    item = post_urgent(member, group, chat)
    assert urgent_ids() == {moderator.pk, owner.pk}
    assert actions(group) == ["escalated_moderators"]
    assert item.escalation.stage == UrgentEscalation.Stage.MODERATORS


def test_no_moderator_at_all_goes_to_staff_at_once(urgent_word, member, chat, group, staff):
    post_urgent(member, group, chat)
    assert urgent_ids() == {staff.pk}
    assert actions(group) == ["escalated_staff"]


def test_unclaimed_escalates_on_time_and_exactly_once(
    urgent_word, member, chat, group, on_duty, second_moderator, staff
):
    item = post_urgent(member, group, chat)
    t0 = item.escalation.stage_at
    assert escalation.escalate_due(now=t0 + timedelta(minutes=9, seconds=59)) == 0
    assert urgent_ids() == {on_duty.pk}

    assert escalation.escalate_due(now=t0 + timedelta(minutes=10)) == 1
    assert urgent_ids() == {on_duty.pk, second_moderator.pk}
    assert escalation.escalate_due(now=t0 + timedelta(minutes=10, seconds=30)) == 0
    assert Notification.objects.filter(kind="urgent").count() == 2

    assert escalation.escalate_due(now=t0 + timedelta(minutes=19)) == 0
    assert escalation.escalate_due(now=t0 + timedelta(minutes=20)) == 1
    assert urgent_ids() == {on_duty.pk, second_moderator.pk, staff.pk}
    for _ in range(2):
        assert escalation.escalate_due(now=t0 + timedelta(hours=3)) == 0
    assert Notification.objects.filter(kind="urgent").count() == 3
    assert actions(group) == ["notified_on_duty", "escalated_moderators", "escalated_staff"]


def test_a_claimed_or_resolved_item_stops_escalating(
    urgent_word, member, chat, group, on_duty, second_moderator, staff
):
    item = post_urgent(member, group, chat)
    later = item.escalation.stage_at + timedelta(hours=1)
    QueueItem.objects.filter(pk=item.pk).update(claimed_by=on_duty, claimed_at=later)
    assert escalation.escalate_due(now=later) == 0
    QueueItem.objects.filter(pk=item.pk).update(claimed_by=None, status="resolved")
    assert escalation.escalate_due(now=later) == 0
    assert urgent_ids() == {on_duty.pk}
    assert actions(group) == ["notified_on_duty"]


def test_the_beat_task_takes_no_arguments_and_starts_items_that_came_another_way(member, chat, group, moderator):
    message = chat.messages.create(group=group, author=member, body_source="x", body_html="<p>x</p>", urgent=True)
    QueueItem.objects.create(group=group, kind="urgent", message=message, urgent=True)
    tasks.escalate_urgent_items.delay()
    tasks.escalate_urgent_items.delay()
    assert urgent_ids() == {moderator.pk}
    assert actions(group) == ["escalated_moderators"]


def test_the_author_is_never_notified_of_their_own_urgent_message(urgent_word, chat, group, moderator, staff):
    DutyShift.objects.create(
        user=moderator, starts_at=timezone.now() - timedelta(hours=1), ends_at=timezone.now() + timedelta(hours=1)
    )
    post_urgent(moderator, group, chat)
    assert moderator.pk not in urgent_ids()


# --- e-mail: retried, swept, never twice -----------------------------------------------------------


def test_an_urgent_email_survives_an_smtp_error_once(
    run_after_commit, urgent_word, member, chat, group, on_duty, eager_retries
):
    on_duty.urgent_email = True
    on_duty.save()
    calls = []
    original = EmailBackend.send_messages

    def flaky(self, messages):
        calls.append(1)
        if len(calls) == 1:
            raise smtplib.SMTPServerDisconnected("try later")
        return original(self, messages)

    with mock.patch.object(EmailBackend, "send_messages", flaky):
        run_after_commit(post_urgent, member, group, chat)
    assert len(calls) == 2
    [sent] = mail.outbox
    assert sent.to == [on_duty.email] and "overdose" not in sent.body
    assert email.sweep_urgent_emails(now=timezone.now() + timedelta(minutes=5)) == 0
    assert len(mail.outbox) == 1


def test_the_sweep_sends_what_was_never_queued_exactly_once(
    run_after_commit, urgent_word, member, chat, group, on_duty
):
    on_duty.urgent_email = True
    on_duty.save()
    with mock.patch.object(tasks.send_urgent_email, "delay", side_effect=ConnectionError("broker down")):
        run_after_commit(post_urgent, member, group, chat)  # the request does not fail
    assert mail.outbox == []
    soon = timezone.now() + timedelta(minutes=3)
    assert email.sweep_urgent_emails(now=timezone.now()) == 0  # the task gets its head start
    assert email.sweep_urgent_emails(now=soon) == 1
    assert email.sweep_urgent_emails(now=soon) == 0
    tasks.sweep_urgent_emails.delay()
    [sent] = mail.outbox
    assert sent.to == [on_duty.email]
    assert EmailDelivery.objects.filter(user=on_duty, sent_at__isnull=False).count() == 1


def test_the_sweep_keeps_to_what_people_chose(urgent_word, member, chat, group, moderator, owner):
    owner.urgent_email = True
    owner.save()
    post_urgent(member, group, chat)  # no commit callbacks: nothing queued
    Notification.objects.filter(user=owner).update(read_at=timezone.now())
    assert email.sweep_urgent_emails(now=timezone.now() + timedelta(minutes=3)) == 0
    assert mail.outbox == []  # the moderator did not opt in; the owner has read it already


def test_the_sweep_retries_after_a_mail_error_and_then_sends_once(urgent_word, member, chat, group, moderator):
    moderator.urgent_email = True
    moderator.save()
    post_urgent(member, group, chat)
    soon = timezone.now() + timedelta(minutes=3)
    with mock.patch.object(EmailBackend, "send_messages", side_effect=smtplib.SMTPServerDisconnected("down")):
        assert email.sweep_urgent_emails(now=soon) == 0
    assert email.sweep_urgent_emails(now=soon) == 1
    assert email.sweep_urgent_emails(now=soon) == 0
    assert len(mail.outbox) == 1


def test_the_urgent_email_task_retries_database_restarts_too():
    from django.db import OperationalError

    assert OperationalError in tasks.send_urgent_email.autoretry_for
    assert smtplib.SMTPException in tasks.send_urgent_email.autoretry_for
    assert tasks.send_urgent_email.retry_backoff


def test_the_waiting_times_are_settings(urgent_word, member, chat, group, on_duty, second_moderator, settings):
    settings.DUTY_ESCALATE_MODERATORS_MINUTES = 3
    item = post_urgent(member, group, chat)
    t0 = item.escalation.stage_at
    assert escalation.escalate_due(now=t0 + timedelta(minutes=2)) == 0
    assert escalation.escalate_due(now=t0 + timedelta(minutes=3)) == 1
    assert second_moderator.pk in urgent_ids()


def test_the_log_page_names_every_step(login, urgent_word, member, chat, group, on_duty, second_moderator, staff):
    from django.urls import reverse

    item = post_urgent(member, group, chat)
    escalation.escalate_due(now=item.escalation.stage_at + timedelta(minutes=10))
    html = login(second_moderator).get(reverse("moderation:log", args=[group.slug])).content.decode()
    assert "The people on duty were told of an urgent item" in html
    assert "An unclaimed urgent item was passed to all moderators" in html
    assert "Nobody claimed it within 10 minutes." in html


def test_a_cache_outage_after_the_commit_loses_no_urgent_email(
    run_after_commit, urgent_word, member, chat, group, on_duty
):
    on_duty.urgent_email = True
    on_duty.save()
    with mock.patch.object(inbox.cache, "set", side_effect=ConnectionError("redis restarting")):
        run_after_commit(post_urgent, member, group, chat)  # no error reaches the person who wrote
    assert urgent_ids() == {on_duty.pk}
    assert email.sweep_urgent_emails(now=timezone.now() + timedelta(minutes=3)) == 1
    assert [m.to for m in mail.outbox] == [[on_duty.email]]
