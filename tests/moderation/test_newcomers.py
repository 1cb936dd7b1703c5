"""Newcomers: the first N messages sent wait for a moderator, the author is told why and when,
a moderator lets all of a person's waiting messages through at once, and crisis words are never
left waiting unseen."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.notifications.models import Notification
from groups.content import frames
from groups.models import Group, Membership, Message
from moderation import actions
from moderation.duty.models import DutyShift
from moderation.models import ModerationLog, QueueItem, WatchedWord
from moderation.pipeline import Outcome, submit

ON_DUTY = "A moderator reads new members' first messages. One is on duty now."
LATER = "A moderator reads new members' first messages, usually within a few hours."


@pytest.fixture
def newcomers(group, moderator):
    """The group holds a new member's first two messages (the default) and has a moderator."""
    group.premoderation_count = 2
    group.save(update_fields=["premoderation_count"])
    return group


def _send(user, group, text, topic=None):
    return submit(user, group, text, topic=topic or group.chat_topic())


def test_new_groups_hold_two_first_messages_by_default(db):
    assert Group.objects.create(name="New", slug="new", kind="recovery").premoderation_count == 2


def test_first_two_messages_sent_are_held_and_the_third_is_not_though_none_was_read(newcomers, member):
    first, second, third = (_send(member, newcomers, text) for text in ("hello", "i'm not ok tonight", "anyone?"))
    assert [first.outcome, second.outcome] == [Outcome.HELD, Outcome.HELD]
    assert third.outcome == Outcome.PUBLISHED
    assert Message.objects.get(pk=third.message.pk).status == Message.Status.PUBLISHED


def test_removed_and_deleted_messages_count_as_sent(newcomers, member):
    first = _send(member, newcomers, "one").message
    second = _send(member, newcomers, "two").message
    Message.objects.filter(pk=first.pk).update(status=Message.Status.REMOVED)
    Message.objects.filter(pk=second.pk).update(status=Message.Status.DELETED)
    assert _send(member, newcomers, "three").outcome == Outcome.PUBLISHED


def test_messages_in_another_group_do_not_count(newcomers, member, other_group):
    Membership.objects.create(group=other_group, user=member, rules_version_accepted=1)
    for text in ("a", "b", "c"):
        submit(member, other_group, text, topic=other_group.chat_topic())
    assert _send(member, newcomers, "first here").outcome == Outcome.HELD


def test_zero_holds_nothing(newcomers, member):
    newcomers.premoderation_count = 0
    newcomers.save(update_fields=["premoderation_count"])
    assert _send(member, newcomers, "hi").outcome == Outcome.PUBLISHED


def test_author_is_told_a_few_hours_when_nobody_is_on_duty(newcomers, member):
    assert _send(member, newcomers, "hello").reason == LATER


def test_author_is_told_someone_is_on_duty_now(newcomers, member, moderator):
    now = timezone.now()
    DutyShift.objects.create(
        user=moderator, group=newcomers, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=2)
    )
    assert _send(member, newcomers, "hello").reason == ON_DUTY


def test_a_group_without_moderator_does_not_promise_one(group, member):
    group.premoderation_count = 2
    group.save(update_fields=["premoderation_count"])
    reason = _send(member, group, "hello").reason
    assert "no moderator at the moment" in reason and "staff" in reason
    assert "A moderator" not in reason and "on duty now" not in reason


def test_a_watched_word_hold_says_when_too(group, member, moderator):
    WatchedWord.objects.create(pattern="selling", action=WatchedWord.Action.HOLD)
    reason = _send(member, group, "anyone selling").reason
    assert reason == "A moderator will read it before others can see it, usually within a few hours."


def test_socket_ack_carries_the_reason(newcomers, member):
    chat = newcomers.chat_topic()
    replies = frames.frame_send(member, newcomers, {"type": "send", "topic": chat.pk, "text": "hi", "client_id": "c1"})
    ack = replies[0]
    assert (ack["type"], ack["outcome"], ack["reason"]) == ("ack", "held", LATER)


def test_chat_page_post_shows_the_reason(client, newcomers, member):
    client.force_login(member)
    response = client.post(reverse("groups:chat", args=[newcomers.slug]), {"text": "hi"}, follow=True)
    assert escape(LATER) in response.content.decode()


def test_topic_reply_shows_the_reason(client, newcomers, member, moderator):
    topic = submit(moderator, newcomers, "Welcome", kind="topic", title="Hello").message.topic
    client.force_login(member)
    response = client.post(topic.get_absolute_url(), {"body": "my first reply"}, follow=True)
    assert escape(LATER) in response.content.decode()


def test_newcomers_crisis_message_is_held_and_still_urgent_with_the_prompt(newcomers, member):
    WatchedWord.objects.create(pattern="can't go on", action=WatchedWord.Action.CRISIS)
    chat = newcomers.chat_topic()
    replies = frames.frame_send(
        member, newcomers, {"type": "send", "topic": chat.pk, "text": "I can't go on tonight", "client_id": "c"}
    )
    message = Message.objects.get(author=member)
    assert message.status == Message.Status.HELD and message.urgent
    urgent = QueueItem.objects.filter(message=message, kind=QueueItem.Kind.URGENT, urgent=True)
    assert urgent.filter(status=QueueItem.Status.OPEN).exists()
    assert replies[0]["outcome"] == "held"
    assert [r["type"] for r in replies] == ["ack", "crisis"]


# --- approving all of a person's waiting messages ---------------------------------------------------------------


@pytest.fixture
def waiting(newcomers, member):
    """Three messages of the member wait (a watched word holds the third)."""
    WatchedWord.objects.create(pattern="selling", action=WatchedWord.Action.HOLD)
    return [_send(member, newcomers, text).message for text in ("one", "two", "anyone selling")]


def test_approve_all_publishes_logs_each_and_tells_the_author_once(
    newcomers, member, moderator, waiting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.approve_all_held(moderator, newcomers, member, up_to=waiting[-1].pk) == 3
    assert set(Message.objects.filter(author=member).values_list("status", flat=True)) == {"published"}
    assert ModerationLog.objects.filter(action="approve_all", target_user=member).count() == 3
    assert not QueueItem.objects.filter(message__author=member, status=QueueItem.Status.OPEN).exists()
    told = Notification.objects.filter(user=member)
    assert [n.kind for n in told] == [Notification.Kind.MESSAGES_SHOWN]


def test_approve_all_leaves_out_what_the_moderator_has_not_seen(newcomers, member, moderator, waiting):
    actions.approve_all_held(moderator, newcomers, member, up_to=waiting[1].pk)
    assert Message.objects.get(pk=waiting[2].pk).status == Message.Status.HELD


def test_approve_all_keeps_an_urgent_item_open(newcomers, member, moderator):
    WatchedWord.objects.create(pattern="can't go on", action=WatchedWord.Action.CRISIS)
    message = _send(member, newcomers, "I can't go on").message
    actions.approve_all_held(moderator, newcomers, member, up_to=message.pk)
    still_open = QueueItem.objects.filter(message=message, status=QueueItem.Status.OPEN)
    assert still_open.filter(kind=QueueItem.Kind.URGENT).exists()
    assert not still_open.filter(kind=QueueItem.Kind.HELD).exists()


def test_approve_all_refuses_members_and_other_groups_moderators(
    newcomers, member, other_member, other_group_moderator, waiting
):
    for actor in (other_member, other_group_moderator):
        with pytest.raises(PermissionDenied):
            actions.approve_all_held(actor, newcomers, member, up_to=waiting[-1].pk)
    assert Message.objects.filter(author=member, status="held").count() == 3


def test_approve_all_with_nothing_waiting_says_so(newcomers, member, moderator):
    with pytest.raises(ValidationError, match="Nothing from this person is waiting"):
        actions.approve_all_held(moderator, newcomers, member, up_to=10**6)


def test_the_button_is_on_the_held_item_and_on_the_notes_page(client, newcomers, member, moderator, waiting):
    client.force_login(moderator)
    item = QueueItem.objects.filter(message=waiting[0], kind=QueueItem.Kind.HELD).get()
    label = "Approve all 3 waiting messages from Quiet Member"
    assert label in client.get(reverse("moderation:item-detail", args=[newcomers.slug, item.pk])).content.decode()
    notes = reverse("moderation:member-notes", args=[newcomers.slug, member.pk])
    assert label in client.get(notes).content.decode()


def test_the_view_approves_and_says_how_many(client, newcomers, member, moderator, waiting):
    client.force_login(moderator)
    url = reverse("moderation:member-approve-all", args=[newcomers.slug, member.pk])
    response = client.post(url, {"up_to": waiting[-1].pk}, follow=True)
    assert "3 messages from Quiet Member are visible now" in response.content.decode()
    assert not Message.objects.filter(author=member, status="held").exists()


def test_the_view_refuses_a_member_and_changes_nothing(client, newcomers, member, other_member, waiting):
    client.force_login(other_member)
    url = reverse("moderation:member-approve-all", args=[newcomers.slug, member.pk])
    assert client.post(url, {"up_to": waiting[-1].pk}).status_code == 403
    assert client.get(url).status_code == 405
    assert Message.objects.filter(author=member, status="held").count() == 3


def test_staff_release_held_messages_in_a_group_without_moderator(client, group, member, staff):
    group.premoderation_count = 2
    group.save(update_fields=["premoderation_count"])
    held = _send(member, group, "hello").message
    client.force_login(staff)
    assert (
        QueueItem.objects.get(message=held, kind=QueueItem.Kind.HELD)
        in client.get(reverse("moderation:queue")).context["items"]
    )
    url = reverse("moderation:member-approve-all", args=[group.slug, member.pk])
    assert client.post(url, {"up_to": held.pk}).status_code == 302
    assert Message.objects.get(pk=held.pk).status == Message.Status.PUBLISHED
