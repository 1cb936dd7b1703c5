"""seed_moderation: idempotent starter watched words, and queue work in the demo groups."""

import pytest
from django.core.management import call_command

from groups.models import Group, Message
from moderation.demo import WATCHED_WORDS, seed_moderation
from moderation.models import QueueItem, WatchedWord
from moderation.pipeline import Outcome, submit


def test_seed_moderation_is_idempotent_without_groups(db):
    shipped = WatchedWord.objects.count()  # the built-in crisis and informational words (migration 0003)
    seed_moderation()
    seed_moderation()
    assert WatchedWord.objects.count() == shipped + len(WATCHED_WORDS)


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("call me on +358 40 123 4567", Outcome.REFUSED),
        ("soita 040 1234567", Outcome.REFUSED),
        ("mail me at someone@example.com", Outcome.REFUSED),
        ("I can sell pills", Outcome.REFUSED),
        ("myyn kamaa", Outcome.REFUSED),
        ("stop calling them junkies", Outcome.REFUSED),
        ("ne narkkarit", Outcome.REFUSED),
        ("anyone selling near the station?", Outcome.HELD),
        ("myydään", Outcome.HELD),
        ("I slept 8 hours and walked 2 km on 12.3.2025", Outcome.PUBLISHED),
        ("Day 1000 of recovery, 2024 01 15", Outcome.PUBLISHED),
        ("Kriisipuhelin 09 2525 0111 helped me, and Myrkytystietokeskus 0800 147 111", Outcome.PUBLISHED),
        ("who has been through the first month?", Outcome.PUBLISHED),
    ],
)
def test_seeded_words_guard_privacy_dealing_and_slurs(member, group, chat, text, outcome):
    seed_moderation()
    result = submit(member, group, text, topic=chat)
    assert result.outcome == outcome, result.reason
    if outcome == Outcome.REFUSED:  # in the message's language: "ne narkkarit" is told why in Finnish
        assert "send again" in result.reason or "lähetä" in result.reason


def test_seed_demo_gives_the_queue_work(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    circle = Group.objects.filter(slug="recovery-circle").first()
    if circle is None:
        pytest.skip("groups demo not seeded yet")
    assert Message.objects.filter(group=circle, status="held").count() == 1
    assert QueueItem.objects.filter(group=circle, kind="reported", status=QueueItem.Status.OPEN).count() == 1
    assert QueueItem.objects.filter(group=circle, kind="held", status=QueueItem.Status.OPEN).count() == 1
