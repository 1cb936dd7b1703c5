"""Every path through moderation.pipeline.submit, as the author would notice it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from groups.models import Message, Topic
from groups.signals import message_saved
from moderation import pipeline
from moderation.models import QueueItem, WatchedWord
from moderation.pipeline import Kind, Outcome, submit


def test_submit_message_published_and_visible(member, chat, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = submit(member, chat.group, "Hello *all*", topic=chat)
    assert result.outcome == Outcome.PUBLISHED
    assert result.message.status == Message.Status.PUBLISHED
    assert result.message.body_html == "<p>Hello <em>all</em></p>"
    assert callbacks


def test_submit_sends_message_saved_after_commit(member, chat, django_capture_on_commit_callbacks):
    seen = []

    def receiver(**kwargs):
        seen.append(kwargs["message_id"])

    message_saved.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            result = submit(member, chat.group, "Hi", topic=chat)
        assert seen == []
        for callback in callbacks:
            callback()
        assert seen == [result.message.pk]
    finally:
        message_saved.disconnect(receiver)


def test_submit_topic_creates_topic_with_first_message(member, group):
    result = submit(member, group, "First words", kind=Kind.TOPIC, title="  A <b>title</b> ")
    topic = result.message.topic
    assert topic.title == "A title"
    assert topic.reply_count == 0
    assert not topic.is_chat


def test_submit_held_by_premoderation_for_new_member(member, group, chat):
    group.premoderation_count = 2
    group.save()
    first = submit(member, group, "one", topic=chat)
    assert first.outcome == Outcome.HELD
    assert "first messages" in first.reason
    assert QueueItem.objects.filter(message=first.message, kind="held", status=QueueItem.Status.OPEN).exists()
    Message.objects.filter(author=member).update(status="published")
    submit(member, group, "two", topic=chat)
    Message.objects.filter(author=member).update(status="published")
    third = submit(member, group, "three", topic=chat)
    assert third.outcome == Outcome.PUBLISHED


def test_submit_moderator_skips_premoderation(moderator, group, chat):
    group.premoderation_count = 3
    group.save()
    assert submit(moderator, group, "welcome", topic=chat).outcome == Outcome.PUBLISHED


def test_submit_held_by_watched_word(member, group, chat):
    WatchedWord.objects.create(pattern="selling", action="hold")
    result = submit(member, group, "Anyone SELLING here?", topic=chat)
    assert result.outcome == Outcome.HELD
    assert result.message.status == Message.Status.HELD
    assert QueueItem.objects.filter(message=result.message, kind="held").exists()


def test_submit_held_topic_does_not_bump_topic(member, group):
    WatchedWord.objects.create(pattern="selling", action="hold")
    result = submit(member, group, "selling", kind=Kind.TOPIC, title="Hello")
    assert result.outcome == Outcome.HELD


def test_submit_refused_by_watched_word_with_reason(member, group, chat):
    WatchedWord.objects.create(pattern="badword", action="refuse", reason="Please reword it.")
    result = submit(member, group, "a badword here", topic=chat)
    assert result.outcome == Outcome.REFUSED
    assert result.reason == "Please reword it."
    assert not Message.objects.exists()


def test_submit_refused_word_hidden_by_zero_width_space(member, group, chat):
    WatchedWord.objects.create(pattern="selling", action="refuse", reason="No.")
    assert submit(member, group, "sel\u200bling", topic=chat).outcome == Outcome.REFUSED


def test_submit_refuse_wins_over_hold(member, group, chat):
    WatchedWord.objects.create(pattern="alpha", action="hold")
    WatchedWord.objects.create(pattern="beta", action="refuse", reason="Not here.")
    assert submit(member, group, "alpha beta", topic=chat).outcome == Outcome.REFUSED


def test_submit_group_word_applies_only_in_its_group(member, group, chat, other_group):
    WatchedWord.objects.create(pattern="zebra", action="refuse", reason="x", group=other_group)
    assert submit(member, group, "zebra", topic=chat).outcome == Outcome.PUBLISHED


def test_submit_urgent_publishes_and_flags(member, group, chat):
    WatchedWord.objects.create(pattern="police raid", action="urgent")
    result = submit(member, group, "There was a police raid", topic=chat)
    assert result.outcome == Outcome.PUBLISHED
    assert result.urgent and not result.crisis
    assert QueueItem.objects.filter(message=result.message, kind="urgent", urgent=True).count() == 1


def test_submit_crisis_publishes_flags_and_offers_help(member, group, chat):
    # A newcomer's crisis message is held like any first message (tests/moderation/test_newcomers.py);
    # past pre-moderation it is published at once, flagged, with help offered.
    WatchedWord.objects.create(pattern="want to die", action="crisis")
    result = submit(member, group, "I want to die tonight", topic=chat)
    assert result.outcome == Outcome.PUBLISHED
    assert result.crisis and result.urgent
    assert QueueItem.objects.get(message=result.message, kind="urgent").urgent


def test_submit_length_limit_named(member, group, chat):
    result = submit(member, group, "x" * 5001, topic=chat)
    assert result.outcome == Outcome.REFUSED
    assert "5,000 characters" in result.reason
    assert "5,001" in result.reason


def test_submit_title_limit_named(member, group):
    result = submit(member, group, "body", kind=Kind.TOPIC, title="t" * 151)
    assert not result.ok and "150 characters" in result.reason


def test_submit_empty_refused(member, group, chat):
    assert "empty" in submit(member, group, " \u200b\n ", topic=chat).reason


def test_submit_burst_rate_limit(member, group, chat):
    results = [submit(member, group, f"m{i}", topic=chat) for i in range(pipeline.BURST + 1)]
    assert all(r.ok for r in results[:-1])
    assert results[-1].outcome == Outcome.REFUSED
    assert results[-1].retry_after > 0
    assert "wait" in results[-1].reason


def test_submit_slow_mode(member, group, chat):
    group.slow_mode_seconds = 60
    group.save()
    assert submit(member, group, "one", topic=chat).ok
    second = submit(member, group, "two", topic=chat)
    assert second.outcome == Outcome.REFUSED
    assert 0 < second.retry_after <= 60
    Message.objects.update(created_at=timezone.now() - timedelta(seconds=61))
    assert submit(member, group, "three", topic=chat).ok


def test_submit_moderators_not_rate_limited(moderator, group, chat):
    group.slow_mode_seconds = 60
    group.save()
    assert all(submit(moderator, group, f"m{i}", topic=chat).ok for i in range(pipeline.BURST + 2))


@pytest.mark.parametrize("who", ["outsider", "applicant", "banned", "muted", "former_member", "staff"])
def test_submit_refused_for_people_who_may_not_post(request, who, group, chat):
    user = request.getfixturevalue(who)
    result = submit(user, group, "hello", topic=chat)
    assert result.outcome == Outcome.REFUSED
    assert result.reason
    assert not Message.objects.exists()


def test_submit_refused_until_new_rules_accepted(member, group, chat):
    group.rules.create(version=2, text="New rule.")
    assert "rules" in submit(member, group, "hi", topic=chat).reason


def test_submit_refuses_topic_of_another_group(member, group, other_group):
    foreign = other_group.chat_topic()
    assert submit(member, group, "hi", topic=foreign).outcome == Outcome.REFUSED


def test_submit_locked_topic_refused_for_members_not_moderators(member, moderator, group):
    topic = Topic.objects.create(group=group, title="Old", locked=True)
    assert "locked" in submit(member, group, "hi", topic=topic).reason
    assert submit(moderator, group, "closing note", topic=topic).ok


def test_submit_edit_keeps_revision(member, group, chat):
    message = submit(member, group, "first", topic=chat).message
    result = submit(member, group, "second", kind=Kind.EDIT, message=message)
    message.refresh_from_db()
    assert result.ok and message.body_source == "second" and message.edited_at
    assert message.revisions.get().body_source == "first"


def test_submit_edit_of_someone_elses_message_refused(member, other_member, group, chat):
    message = submit(member, group, "mine", topic=chat).message
    assert submit(other_member, group, "x", kind=Kind.EDIT, message=message).outcome == Outcome.REFUSED


def test_submit_edit_into_watched_word_holds_again(member, group, chat):
    WatchedWord.objects.create(pattern="selling", action="hold")
    message = submit(member, group, "fine", topic=chat).message
    result = submit(member, group, "selling now", kind=Kind.EDIT, message=message)
    assert result.outcome == Outcome.HELD
    message.refresh_from_db()
    assert message.status == Message.Status.HELD


def test_submit_edit_of_hidden_message_stays_hidden(member, group, chat):
    message = submit(member, group, "fine", topic=chat).message
    Message.objects.filter(pk=message.pk).update(status="hidden")
    message.refresh_from_db()
    result = submit(member, group, "changed", kind=Kind.EDIT, message=message)
    message.refresh_from_db()
    assert result.outcome == Outcome.HELD
    assert message.status == Message.Status.HIDDEN


def test_submit_plain_report_text_cleaned(member, group):
    result = submit(member, group, "<b>rude</b> &amp; mean", kind=Kind.REPORT)
    assert result.ok and result.text == "rude & mean"


def test_submit_plain_answer_length_named(applicant, group):
    result = submit(applicant, group, "a" * 2001, kind=Kind.ANSWER)
    assert not result.ok and "2,000 characters" in result.reason


def test_submit_bad_regex_is_skipped(member, group, chat):
    WatchedWord.objects.create(pattern="([", is_regex=True, action="refuse")
    assert submit(member, group, "hello", topic=chat).ok
