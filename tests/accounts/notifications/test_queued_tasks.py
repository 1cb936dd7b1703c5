"""A saved message queues its notification task only when someone could be told (fanout.may_tell_anyone):
most chat lines name nobody and are not urgent, and their task found nobody to tell (issue 24: ~3 ms of
each chat message's CPU went to queueing it)."""

import pytest

from accounts import tasks
from accounts.models import Notification
from groups.content import support
from moderation import pipeline
from moderation.models import WatchedWord
from tests.accounts.notifications.helpers import kinds, start_topic


@pytest.fixture
def queued(monkeypatch):
    """The message ids whose notification task was queued (the tasks themselves do not run)."""
    ids = []
    monkeypatch.setattr(tasks.notify_message_saved, "delay", lambda message_id, kind: ids.append(message_id))
    return ids


def test_a_chat_line_that_names_nobody_queues_no_task(run_after_commit, member, chat, group, queued):
    result = run_after_commit(pipeline.submit, member, group, "thanks all, going to sleep now", topic=chat)
    assert result.ok and queued == []


def test_a_chat_line_that_names_someone_queues_its_task(run_after_commit, member, chat, group, queued):
    result = run_after_commit(pipeline.submit, member, group, "thanks @other member", topic=chat)
    assert queued == [result.message.pk]


def test_an_urgent_chat_line_queues_its_task(run_after_commit, member, chat, group, queued):
    WatchedWord.objects.create(pattern="overdose", action=WatchedWord.Action.URGENT)
    result = run_after_commit(pipeline.submit, member, group, "I think my friend had an overdose", topic=chat)
    assert result.message.urgent and queued == [result.message.pk]


def test_a_topic_post_queues_its_task(run_after_commit, member, group, queued):
    first = start_topic(run_after_commit, member, group)
    assert queued == [first.pk]


def test_a_support_conversation_line_queues_its_task(run_after_commit, moderator, member, group, queued):
    topic = support.start_by_helper(moderator, group, member)
    result = run_after_commit(pipeline.submit, member, group, "ok, thank you", topic=topic)
    assert queued == [result.message.pk]


def test_the_mention_still_reaches_the_person_named(run_after_commit, member, other_member, chat, group):
    """Unpatched: the line that names someone is told to them, the one that names nobody tells no one."""
    run_after_commit(pipeline.submit, member, group, "hello all", topic=chat)
    assert Notification.objects.count() == 0
    run_after_commit(pipeline.submit, member, group, "thanks @other member", topic=chat)
    assert kinds(other_member) == [Notification.Kind.MENTION]
