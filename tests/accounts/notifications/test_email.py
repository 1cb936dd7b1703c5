"""Notification e-mails: content-free by default, per preference, sent at most once, retried on SMTP errors."""

import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import InterfaceError, OperationalError

from accounts import tasks
from accounts.models import EmailDelivery, Notification
from accounts.notifications import inbox
from moderation import pipeline
from tests.accounts.notifications.helpers import reply, start_topic

SECRET = "my dealer on Elm street sold me fentanyl"


@pytest.fixture
def replied(run_after_commit, member, other_member, group):  # noqa: F811
    """`member` started a topic and `other_member` answered it with a sensitive text."""

    def make(**prefs):
        for field, value in prefs.items():
            setattr(member, field, value)
        member.save()
        first = start_topic(run_after_commit, member, group, title="Relapse last weekend")
        return reply(run_after_commit, other_member, first, SECRET)

    return make


def assert_content_free(message):
    everything = f"{message.subject}\n{message.body}\n{message.from_email}"
    for private in (SECRET, "fentanyl", "Recovery circle", "Relapse last weekend", "Other Member", "drug"):
        assert private.lower() not in everything.lower()


def test_immediate_email_is_content_free_by_default(replied, settings, member):
    replied(email_frequency="immediate")
    [message] = mail.outbox
    assert message.to == [member.email]
    assert message.subject == settings.NOTIFICATION_SUBJECT
    assert message.from_email == settings.NOTIFICATION_FROM_EMAIL
    assert "/account/notifications/" in message.body
    assert_content_free(message)


def test_details_opt_in_names_the_group_but_never_quotes_the_message(replied):
    replied(email_frequency="immediate", email_details=True)
    [message] = mail.outbox
    assert "Someone replied in Recovery circle." in message.body  # never the replier nor the topic (issue 17)
    assert SECRET not in message.body
    assert "Recovery circle" not in message.subject


def test_digest_member_gets_no_immediate_email_and_one_digest(replied, member):
    replied()  # the default is the daily digest
    assert mail.outbox == []
    assert tasks.send_digests.delay().get() == 1
    assert len(mail.outbox) == 1
    assert_content_free(mail.outbox[0])
    tasks.send_digests.delay()
    assert len(mail.outbox) == 1


def test_digest_skips_what_was_already_read(replied, member):
    replied()
    inbox.mark_all_read(member)
    tasks.send_digests.delay()
    assert mail.outbox == []


def test_never_means_no_email(replied):
    replied(email_frequency="never")
    tasks.send_digests.delay()
    assert mail.outbox == []


def test_urgent_flag_emails_opted_in_moderators_at_once(run_after_commit, member, moderator, owner, chat, group):  # noqa: F811
    from moderation.models import WatchedWord

    moderator.urgent_email = True
    moderator.save()
    WatchedWord.objects.create(pattern="overdose", action=WatchedWord.Action.URGENT)
    run_after_commit(pipeline.submit, member, group, "he took an overdose", topic=chat)
    [message] = mail.outbox
    assert message.to == [moderator.email]
    assert "overdose" not in message.body


def test_email_task_run_twice_sends_once(replied, member):
    replied(email_frequency="immediate")
    notification = Notification.objects.get(user=member)
    assert tasks.send_notification_email.delay(notification.pk).get() is False
    Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
    assert tasks.send_notification_email.delay(notification.pk).get() is False
    assert len(mail.outbox) == 1
    assert EmailDelivery.objects.filter(key=f"notification:{notification.pk}").count() == 1


@pytest.fixture
def eager_retries():
    """Eager tasks retry in-process only when errors are not propagated at once (as on a worker)."""
    from peersupport.celery import app

    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = True


def test_smtp_error_is_retried_and_the_email_sent_once(replied, member, eager_retries):
    calls = []

    def flaky(self, messages):
        calls.append(1)
        if len(calls) == 1:
            raise smtplib.SMTPServerDisconnected("try later")
        return original(self, messages)

    original = EmailBackend.send_messages
    with mock.patch.object(EmailBackend, "send_messages", flaky):
        replied(email_frequency="immediate")
    assert len(calls) == 2
    assert len(mail.outbox) == 1
    assert EmailDelivery.objects.get(user=member).sent_at is not None


def test_mail_tasks_retry_smtp_connection_and_database_errors_with_backoff():
    for task in (tasks.send_notification_email, tasks.send_digest_email, tasks.send_urgent_email):
        assert set(task.autoretry_for) == {smtplib.SMTPException, ConnectionError, OperationalError, InterfaceError}
        assert task.retry_backoff and task.max_retries


def test_email_is_in_the_members_language(replied, member):
    with mock.patch("accounts.notifications.email.translation.override") as override:
        replied(email_frequency="immediate", language="fi")
    override.assert_called_with("fi")


def test_removed_content_is_not_emailed(run_after_commit, member, other_member, group):  # noqa: F811
    first = start_topic(run_after_commit, member, group)
    answer = reply(run_after_commit, other_member, first)
    answer.status = "deleted"
    answer.save()
    tasks.send_digests.delay()
    assert mail.outbox == []
