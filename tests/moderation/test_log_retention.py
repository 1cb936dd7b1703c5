"""Issue 17 item 7: the log keeps who did what and when; its free text and removed text do not stay."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.deletion import delete_account
from groups.models import Message, MessageRevision
from moderation import actions, log_retention
from moderation.models import AppendOnlyError, ModerationLog

NOW = timezone.now()


def _message(group, topic, author, text="my private story"):
    return Message.objects.create(group=group, topic=topic, author=author, body_source=text, body_html=f"<p>{text}</p>")


def _log(group, actor, target, reason, days_old):
    return ModerationLog.objects.create(
        group=group, actor=actor, action="warn", target_user=target, reason=reason, created_at=NOW - timedelta(days_old)
    )


def test_reasons_are_redacted_after_the_set_days_and_the_rest_is_kept(group, moderator, member, settings):
    settings.MODERATION_LOG_REASON_DAYS = 90
    old = _log(group, moderator, member, "quoted: my private story", 91)
    recent = _log(group, moderator, member, "Rule 2", 89)
    assert log_retention.redact_old_reasons(now=NOW) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.reason == "" and recent.reason == "Rule 2"
    assert (old.actor, old.action, old.target_user, old.group) == (moderator, "warn", member, group)


def test_the_append_only_guard_still_refuses_every_other_change(group, moderator, member):
    entry = _log(group, moderator, member, "Rule 2", 1)
    with pytest.raises(AppendOnlyError):
        ModerationLog.objects.filter(pk=entry.pk).update(action="nothing")
    with pytest.raises(AppendOnlyError):
        ModerationLog.objects.filter(pk=entry.pk).update(reason="")  # only through redact_reasons
    with pytest.raises(AppendOnlyError):
        ModerationLog.objects.filter(pk=entry.pk).delete()
    entry.reason = ""
    with pytest.raises(AppendOnlyError):
        entry.save()


def test_deleting_everything_redacts_the_reasons_about_the_person_at_once(group, moderator, member, other_member):
    about_member = _log(group, moderator, member, "Declined: says they use every day", 1)
    about_other = _log(group, moderator, other_member, "Rule 3", 1)
    delete_account(member, keep_messages=False)
    about_member.refresh_from_db()
    about_other.refresh_from_db()
    assert about_member.reason == "" and about_member.action == "warn"
    assert about_other.reason == "Rule 3"


def test_keeping_messages_keeps_the_log_reasons(group, moderator, member):
    entry = _log(group, moderator, member, "Rule 2", 1)
    delete_account(member, keep_messages=True)
    entry.refresh_from_db()
    assert entry.reason == "Rule 2"


def test_removed_text_is_purged_after_the_set_days_even_without_retention(group, chat, moderator, member, settings):
    settings.REMOVED_MESSAGE_TEXT_DAYS = 30
    assert not group.retention_days
    message = _message(group, chat, member)
    MessageRevision.objects.create(message=message, body_source="earlier story", body_html="<p>earlier story</p>")
    actions.remove_message(moderator, message, "Rule 1")
    kept = _message(group, chat, member, "still here")
    assert log_retention.purge_removed_text(now=timezone.now() + timedelta(days=29)) == 0
    assert log_retention.purge_removed_text(now=timezone.now() + timedelta(days=31)) == 1
    message.refresh_from_db()
    assert (message.body_source, message.body_html, message.status) == ("", "", Message.Status.REMOVED)
    assert not MessageRevision.objects.filter(message=message).exists()
    kept.refresh_from_db()
    assert kept.body_source == "still here"
    assert ModerationLog.objects.get(action="remove").message == message  # who removed it, and when, stays
