"""The groups' beat jobs (groups/tasks.py): retention purge, answer purge, invitation expiry, stale presence."""

import logging
from datetime import timedelta

from django.utils import timezone

from groups import presence
from groups import tasks as group_tasks
from groups.models import Invitation, JoinAnswer, JoinRequest, Message, Topic
from moderation.models import ModerationLog


def _message(group, topic, author, text, days_old):
    return Message.objects.create(
        group=group,
        topic=topic,
        author=author,
        body_source=text,
        body_html=f"<p>{text}</p>",
        created_at=timezone.now() - timedelta(days=days_old),
    )


def test_retention_purge_deletes_old_messages_and_logs_only_a_count(group, other_group, member, chat, caplog):
    group.retention_days = 30
    group.save()
    old_topic = Topic.objects.create(group=group, title="Old worries", last_activity_at=timezone.now() - timedelta(40))
    old = _message(group, old_topic, member, "an old private story", 40)
    ModerationLog.objects.create(group=group, action="remove", message=old, reason="Names a person.")
    _message(group, chat, member, "an old chat line", 31)
    recent = _message(group, chat, member, "a recent line", 2)
    kept_elsewhere = _message(other_group, other_group.chat_topic(), None, "old but no retention", 400)
    with caplog.at_level(logging.INFO):
        assert group_tasks.purge_expired_messages_task.delay().get() == 2
    assert set(Message.objects.values_list("pk", flat=True)) == {recent.pk, kept_elsewhere.pk}
    assert not Topic.objects.filter(pk=old_topic.pk).exists()
    assert Topic.objects.filter(pk=chat.pk).exists()
    assert ModerationLog.objects.get().message is None  # the log stays, without the message
    assert "2 messages" in caplog.text
    assert "private story" not in caplog.text and "Recovery circle" not in caplog.text


def test_answer_purge_removes_answers_of_decided_requests(group, former_member):
    request = JoinRequest.objects.get(user=former_member)
    JoinRequest.objects.filter(pk=request.pk).update(decided_at=timezone.now() - timedelta(days=400))
    JoinAnswer.objects.create(join_request=request, question_text="Why?", answer="private answer")
    assert group_tasks.purge_decided_answers_task.delay().get() == 1
    assert not JoinAnswer.objects.exists()


def test_invitation_expiry_deletes_long_expired_invitations(group):
    old = timezone.now() - timedelta(days=400)
    Invitation.objects.create(group=group, token_hash="a" * 64, expires_at=old)
    live = Invitation.objects.create(group=group, token_hash="b" * 64, expires_at=timezone.now() + timedelta(days=3))
    assert group_tasks.expire_invitations_task.delay().get() == 1
    assert list(Invitation.objects.all()) == [live]


def test_stale_presence_cleanup_forgets_dead_sockets(group, member):
    presence.touch(group.pk, "dead-socket", member.pk, True, now=1.0)
    assert group_tasks.cleanup_presence_task.delay().get() == 1
    assert presence.count(group.pk) == 0
