"""Who hears about what: replies, mentions, decisions, moderation, urgent flags, alerts; live bell."""

from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification, TopicFollow
from accounts.notifications import fanout, inbox, receivers
from groups.membership import actions as group_actions
from groups.models import Ban, Membership, Message
from moderation import actions as moderation_actions
from moderation import pipeline
from moderation.models import ModerationLog
from tests.accounts.notifications.helpers import kinds, reply, start_topic

Kind = Notification.Kind


def test_reply_notifies_the_topic_starter_and_not_the_replier(run_after_commit, member, other_member, group):
    first = start_topic(run_after_commit, member, group)
    reply(run_after_commit, other_member, first)
    assert kinds(member) == [Kind.REPLY]
    assert kinds(other_member) == []


def test_reply_makes_the_replier_follow_the_topic(run_after_commit, member, other_member, moderator, group):
    first = start_topic(run_after_commit, member, group)
    reply(run_after_commit, other_member, first)
    reply(run_after_commit, moderator, first)
    assert TopicFollow.objects.filter(topic=first.topic).count() == 3
    assert kinds(other_member) == [Kind.REPLY]
    assert kinds(member) == [Kind.REPLY, Kind.REPLY]


def test_reply_is_not_notified_to_a_follower_who_was_banned(run_after_commit, member, other_member, moderator, group):
    first = start_topic(run_after_commit, member, group)
    Membership.objects.filter(user=member, group=group).delete()
    Ban.objects.create(group=group, user=member, reason="x", banned_by=moderator)
    reply(run_after_commit, other_member, first)
    assert Notification.objects.filter(user=member).count() == 0


def test_chat_messages_do_not_notify_as_replies(run_after_commit, member, other_member, chat, group):
    run_after_commit(pipeline.submit, member, group, "hello all", topic=chat)
    run_after_commit(pipeline.submit, other_member, group, "hi", topic=chat)
    assert Notification.objects.count() == 0


def test_mention_notifies_the_named_member_in_any_case(run_after_commit, member, other_member, chat, group):
    run_after_commit(pipeline.submit, member, group, "thanks @other member, that helped", topic=chat)
    assert kinds(other_member) == [Kind.MENTION]
    line = inbox.lines(inbox.visible_notifications(other_member))[0]
    assert "Quiet Member mentioned you" in line.text


def test_mention_of_someone_who_may_not_read_the_group_creates_nothing(
    run_after_commit, member, outsider, other_group_member, applicant, chat, group
):
    text = "@Outsider @Family Member @Hopeful Applicant are you there?"
    run_after_commit(pipeline.submit, member, group, text, topic=chat)
    assert Notification.objects.count() == 0


def test_mention_in_a_reply_replaces_the_reply_notification(run_after_commit, member, other_member, group):
    first = start_topic(run_after_commit, member, group)
    reply(run_after_commit, other_member, first, "@Quiet Member I know that feeling")
    assert kinds(member) == [Kind.MENTION]


def test_held_message_notifies_nobody_until_approved_then_the_author_hears(
    run_after_commit, member, other_member, moderator, group
):
    first = start_topic(run_after_commit, member, group)
    group.premoderation_count = 5
    group.save()
    held = reply(run_after_commit, other_member, first, "@Quiet Member first words")
    assert held.status == Message.Status.HELD
    assert kinds(member) == []
    run_after_commit(moderation_actions.approve_message, moderator, held)
    assert kinds(other_member) == [Kind.MESSAGE_APPROVED]
    assert kinds(member) == [Kind.MENTION]


def test_removed_message_tells_the_author_the_reason(run_after_commit, member, moderator, group):
    first = start_topic(run_after_commit, member, group)
    run_after_commit(moderation_actions.remove_message, moderator, first, "It names a dealer.")
    [line] = inbox.lines(inbox.visible_notifications(member))
    assert line.notification.kind == Kind.MESSAGE_REMOVED
    assert "It names a dealer." in line.text


def test_new_join_request_notifies_the_group_moderators_only(run_after_commit, outsider, moderator, owner, member):
    group = moderator.memberships.get().group
    answers = {q.pk: "A long honest answer" for q in group.questions.all()}
    run_after_commit(group_actions.create_join_request, outsider, group, answers)
    assert kinds(moderator) == [Kind.JOIN_REQUEST]
    assert kinds(owner) == [Kind.JOIN_REQUEST]
    assert kinds(member) == []


def test_join_decision_notifies_the_applicant(run_after_commit, applicant, moderator, group):
    join_request = applicant.join_requests.get()
    run_after_commit(group_actions.approve_join_request, moderator, join_request)
    [line] = inbox.lines(inbox.visible_notifications(applicant))
    assert "approved" in line.text
    assert line.url == group.get_absolute_url()


def test_urgent_flag_notifies_moderators(run_after_commit, member, moderator, chat, group):
    from moderation.models import WatchedWord

    WatchedWord.objects.create(pattern="overdose", action=WatchedWord.Action.URGENT)
    run_after_commit(pipeline.submit, member, group, "I think my friend had an overdose", topic=chat)
    assert kinds(moderator) == [Kind.URGENT]
    assert kinds(member) == []


def test_alert_notifies_members_of_its_groups(run_after_commit, member, other_group_member, staff, group):
    from moderation.models import Alert

    alert = Alert.objects.create(title="Strong batch", body_source="x", expires_at=timezone.now() + timedelta(days=2))
    alert.groups.set([group])
    run_after_commit(receivers.notify_alert, alert.pk)
    assert kinds(member) == [Kind.ALERT]
    assert kinds(other_group_member) == []
    assert "Strong batch" in inbox.lines(inbox.visible_notifications(member))[0].text


def test_deleted_message_disappears_from_notifications(run_after_commit, member, other_member, group):
    first = start_topic(run_after_commit, member, group)
    answer = reply(run_after_commit, other_member, first)
    assert inbox.unread_count(member) == 1
    Message.objects.filter(pk=answer.pk).update(status=Message.Status.DELETED)
    assert inbox.unread_count(member) == 0
    Message.objects.filter(pk=answer.pk).delete()
    assert Notification.objects.filter(user=member).count() == 0


def test_notification_is_created_once_when_the_task_runs_twice(run_after_commit, member, other_member, group):
    first = start_topic(run_after_commit, member, group)
    answer = reply(run_after_commit, other_member, first)
    run_after_commit(fanout.on_message_saved, answer.pk, "message")
    assert Notification.objects.filter(user=member).count() == 1


def test_new_notification_updates_the_bell_live(run_after_commit, member, other_member, group, settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(f"user-{member.pk}", channel)
    first = start_topic(run_after_commit, member, group)
    reply(run_after_commit, other_member, first)
    event = async_to_sync(layer.receive)(channel)
    while '"notification.new"' not in event.get("text", ""):
        event = async_to_sync(layer.receive)(channel)
    assert event["text"] == '{"type":"notification.new","unread":1}'


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("warned", "A moderator sent you a warning about your message"),
        ("hidden", "Several members reported your message"),
        ("restored", "Your message in “Sleep after stopping” (Recovery circle) is visible to the group now"),
    ],
)
def test_author_is_told_of_warnings_hiding_and_restoring(
    run_after_commit, login, member, moderator, group, action, expected
):
    message = start_topic(run_after_commit, member, group)
    ModerationLog.objects.create(group=group, actor=moderator, action=action, message=message, reason="Be kind.")
    fanout.on_message_moderated(message.pk, action, actor_id=moderator.pk if action != "hidden" else None)
    page = login(member).get(reverse("accounts:notifications")).content.decode()
    assert expected in page


def test_a_database_outage_during_fan_out_is_retried_and_notifies_once(
    run_after_commit, member, other_member, chat, group, monkeypatch
):
    """Mentions were lost in a PostgreSQL restart: the fan-out task now retries, and a retry adds nothing twice."""
    from django.db import OperationalError

    from accounts import tasks
    from peersupport.celery import app

    calls = []
    real = fanout.on_message_saved

    def flaky(message_id, kind):
        calls.append(message_id)
        real(message_id, kind)  # the first run gets as far as creating, then the connection drops
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(tasks.fanout, "on_message_saved", flaky)
    app.conf.task_eager_propagates = False
    try:
        run_after_commit(pipeline.submit, member, group, "thanks @other member", topic=chat)
    finally:
        app.conf.task_eager_propagates = True
    assert len(calls) == 2
    assert kinds(other_member) == [Kind.MENTION]
