"""A topic's reply count is the number of replies its readers can see (issue 15, review A13).

Message status changes only through the model's methods, and they keep the count: a reply
that leaves the page (hidden, held again, removed, deleted) leaves the count, and one that
comes back is counted once.
"""

import pytest
from django.core.exceptions import ValidationError

from accounts.deletion import delete_account
from groups.models import Topic
from moderation import actions, pipeline
from moderation.models import WatchedWord


def _topic_with_reply(member, group):
    topic = pipeline.submit(member, group, "first", kind=pipeline.Kind.TOPIC, title="A topic").message.topic
    return topic, pipeline.submit(member, group, "a reply", topic=topic).message


def _hide(reply, group, people):
    group.report_threshold = len(people)
    group.save()
    for person in people:
        actions.report_message(person, reply, "", "unkind")


def _replies(topic):
    return Topic.objects.get(pk=topic.pk).reply_count


def test_reply_count_after_approving_a_hidden_reply_is_one(member, other_member, moderator, owner, group):
    topic, reply = _topic_with_reply(member, group)
    _hide(reply, group, [other_member, moderator])
    assert _replies(topic) == 0  # hidden from readers
    actions.approve_message(owner, reply)
    assert _replies(topic) == 1


def test_reply_count_after_dismissing_the_reports_is_one(member, other_member, moderator, owner, group):
    topic, reply = _topic_with_reply(member, group)
    _hide(reply, group, [other_member, moderator])
    actions.dismiss_reports(owner, reply)
    assert _replies(topic) == 1


def test_removing_a_reply_lowers_the_count(member, moderator, group):
    topic, reply = _topic_with_reply(member, group)
    actions.remove_message(moderator, reply, "Rule 1")
    assert _replies(topic) == 0


def test_author_deleting_a_reply_lowers_the_count(member, group):
    topic, reply = _topic_with_reply(member, group)
    actions.delete_message(member, reply)
    assert _replies(topic) == 0


def test_removing_the_opening_message_keeps_the_replies(member, other_member, moderator, group):
    topic, _reply = _topic_with_reply(member, group)
    pipeline.submit(other_member, group, "another reply", topic=topic)
    actions.remove_message(moderator, topic.messages.order_by("id").first(), "Rule 1")
    assert _replies(topic) == 2


def test_edit_sent_back_to_moderators_leaves_the_count_until_approved(member, moderator, group):
    topic, reply = _topic_with_reply(member, group)
    WatchedWord.objects.create(pattern="selling", action="hold")
    edited = pipeline.submit(member, group, "now selling", kind=pipeline.Kind.EDIT, message=reply)
    assert edited.outcome == pipeline.Outcome.HELD
    assert _replies(topic) == 0
    actions.approve_message(moderator, reply)
    assert _replies(topic) == 1


def test_held_reply_is_counted_once_when_approved(member, moderator, group):
    topic, _reply = _topic_with_reply(member, group)
    group.premoderation_count = 5
    group.save()
    held = pipeline.submit(member, group, "held reply", topic=topic).message
    assert _replies(topic) == 1
    actions.approve_message(moderator, held)
    assert _replies(topic) == 2
    with pytest.raises(ValidationError, match="not waiting"):
        actions.approve_message(moderator, held)
    assert _replies(topic) == 2


def test_deleting_an_account_with_its_writing_lowers_the_counts(member, other_member, group):
    topic = pipeline.submit(other_member, group, "first", kind=pipeline.Kind.TOPIC, title="Theirs").message.topic
    pipeline.submit(member, group, "mine", topic=topic)
    pipeline.submit(other_member, group, "theirs again", topic=topic)
    assert _replies(topic) == 2
    delete_account(member, keep_messages=False)
    assert _replies(topic) == 1
