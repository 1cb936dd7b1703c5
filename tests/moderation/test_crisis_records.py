"""Crisis flags are a health record: they end with their urgent item (gone CRISIS_RECORD_DAYS after it was
raised, handled or not) and at once when the author deletes the message or the account."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.deletion import delete_account
from groups.models import Message
from moderation import actions, care, crisis_records, pipeline
from moderation.models import QueueItem, WatchedWord


@pytest.fixture
def flagged(group, member, chat):
    WatchedWord.objects.create(pattern="want to die", action=WatchedWord.Action.CRISIS, language="en")
    message = pipeline.submit(member, group, "I want to die tonight", kind=pipeline.Kind.MESSAGE, topic=chat).message
    assert message.urgent and QueueItem.objects.filter(message=message, kind="urgent").exists()
    return message


def _traces(message):
    message.refresh_from_db()
    return message.urgent, QueueItem.objects.filter(message=message, kind="urgent").exists()


def test_crisis_record_goes_when_the_author_deletes_the_message(flagged, member):
    actions.delete_message(member, flagged)
    assert _traces(flagged) == (False, False)


@pytest.mark.parametrize("keep", [True, False])
def test_crisis_record_goes_with_the_account(flagged, member, keep):
    delete_account(member, keep_messages=keep)
    assert not QueueItem.objects.filter(kind="urgent").exists()
    assert not Message.objects.filter(urgent=True).exists()


@pytest.mark.parametrize("handled", [True, False])
def test_crisis_record_goes_after_its_days_handled_or_not(flagged, moderator, settings, handled):
    item = QueueItem.objects.get(message=flagged, kind="urgent")
    if handled:
        assert care.handle_urgent(moderator, item, "supported", "Talked for an hour.")
    raised = item.created_at
    days = settings.CRISIS_RECORD_DAYS
    assert crisis_records.purge_crisis_records(now=raised + timedelta(days=days) - timedelta(minutes=1)) == 0
    assert _traces(flagged) == (True, True)
    assert crisis_records.purge_crisis_records(now=raised + timedelta(days=days, minutes=1)) == 1
    assert _traces(flagged) == (False, False)


def test_crisis_record_purge_spares_newer_items(flagged):
    assert crisis_records.purge_crisis_records(now=timezone.now()) == 0
    assert _traces(flagged) == (True, True)
