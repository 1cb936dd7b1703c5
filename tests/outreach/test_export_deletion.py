"""A consultation is in its person's export (and nobody else's), goes with their account, and the purge is a
beat task that logs only a count."""

import json

import pytest

from accounts import deletion
from accounts.export import collect_data
from groups.models import Topic
from moderation import pipeline
from outreach import consultations, referrals, tasks
from outreach.models import Consultation

pytestmark = pytest.mark.django_db


def _say(user, consultation, text):
    return pipeline.submit(user, consultation.topic.group, text, kind=pipeline.Kind.MESSAGE, topic=consultation.topic)


def test_the_export_holds_the_consultation_its_messages_and_referrals(claimed, member, consultant, service):
    _say(member, claimed, "my question about veins")
    _say(consultant, claimed, "an answer")
    referral = referrals.propose(consultant, claimed, service, "suggested summary")
    referrals.decide(member, referral, True, share_summary=True, summary="my own summary")
    data = collect_data(member)
    (exported,) = data["consultations"]
    assert [m["text"] for m in exported["messages"]] == ["my question about veins", "an answer"]
    assert exported["referrals"][0]["shared_summary"] == "my own summary"
    assert not data["support_conversations"]  # not twice
    assert "my question about veins" not in json.dumps(collect_data(consultant)["consultations"])
    assert collect_data(consultant)["consultant"]["profession"] == "nurse"


def test_deleting_the_account_removes_the_consultations(claimed, member):
    _say(member, claimed, "gone with me")
    topic_id = claimed.topic_id
    deletion.delete_account(member, keep_messages=True)
    assert not Consultation.objects.exists() and not Topic.objects.filter(pk=topic_id).exists()


def test_the_purge_task_logs_only_a_count(claimed, member, caplog):
    _say(member, claimed, "private words in the log?")
    consultations.close(member, claimed)
    Consultation.objects.update(closed_at=claimed.closed_at.replace(year=claimed.closed_at.year - 1))
    caplog.set_level("INFO")
    assert tasks.purge_consultations_task.delay().get() == 1
    assert "private words" not in caplog.text and "1 consultations deleted" in caplog.text
