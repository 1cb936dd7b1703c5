"""Watched words are read once per change, not for every message, and a change is never missed."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from moderation import watched_words
from moderation.models import WatchedWord
from moderation.pipeline import Outcome, submit
from peersupport import process_copies


def word_reads(queries):
    return [q["sql"] for q in queries.captured_queries if 'FROM "moderation_watchedword"' in q["sql"]]


def test_a_second_message_reads_no_watched_words(member, group, chat):
    WatchedWord.objects.create(pattern="sell", action="hold")
    assert submit(member, group, "first, to read the words", topic=chat).outcome == Outcome.PUBLISHED
    with CaptureQueriesContext(connection) as queries:
        assert submit(member, group, "anyone selling?", topic=chat).outcome == Outcome.PUBLISHED
        assert submit(member, group, "I sell nothing", topic=chat).outcome == Outcome.HELD
    assert word_reads(queries) == []


def test_a_word_added_or_removed_counts_from_the_next_message(member, group, chat):
    assert submit(member, group, "who can sell me some", topic=chat).outcome == Outcome.PUBLISHED
    word = WatchedWord.objects.create(pattern="sell", action="refuse", reason="No selling here.")
    refused = submit(member, group, "who can sell me some", topic=chat)
    assert refused.outcome == Outcome.REFUSED and refused.reason == "No selling here."
    word.action = "hold"
    word.save()
    assert submit(member, group, "who can sell me some", topic=chat).outcome == Outcome.HELD
    word.delete()
    assert submit(member, group, "who can sell me some", topic=chat).outcome == Outcome.PUBLISHED


def test_a_group_s_own_word_is_kept_apart_from_another_group_s(member, group, chat, other_group):
    WatchedWord.objects.create(pattern="bananas", action="refuse", group=other_group)
    assert "bananas" in [w.pattern for w, _ in watched_words.words_for(other_group)]
    assert "bananas" not in [w.pattern for w, _ in watched_words.words_for(group)]
    assert submit(member, group, "bananas", topic=chat).outcome == Outcome.PUBLISHED
    WatchedWord.objects.create(pattern="bananas", action="refuse", group=group)
    assert submit(member, group, "bananas", topic=chat).outcome == Outcome.REFUSED


def test_another_process_s_change_is_seen_through_the_generation(member, group, chat):
    word = WatchedWord.objects.create(pattern="sell", action="hold")
    assert submit(member, group, "I sell nothing", topic=chat).outcome == Outcome.HELD
    # Another process changes the word (here without a signal, as a queryset update does) and names a new
    # generation: this process reads the words again at its next message.
    WatchedWord.objects.filter(pk=word.pk).update(action="refuse", reason="No selling here.")
    assert submit(member, group, "I sell nothing", topic=chat).outcome == Outcome.HELD  # its copy, still current
    cache.set(watched_words.copies.key, "another process's change", None)
    assert submit(member, group, "I sell nothing", topic=chat).outcome == Outcome.REFUSED


def test_a_change_without_a_signal_is_seen_after_max_age(member, group, chat, monkeypatch):
    word = WatchedWord.objects.create(pattern="sell", action="hold")
    assert submit(member, group, "I sell nothing", topic=chat).outcome == Outcome.HELD
    WatchedWord.objects.filter(pk=word.pk).update(action="refuse")
    later = process_copies.time.monotonic() + watched_words.copies.max_age + 1
    monkeypatch.setattr(process_copies.time, "monotonic", lambda: later)
    assert submit(member, group, "I sell nothing", topic=chat).outcome == Outcome.REFUSED


def test_saving_a_word_names_a_new_generation_now_and_after_the_commit(db, django_capture_on_commit_callbacks):
    before = watched_words.copies.generation()
    with django_capture_on_commit_callbacks() as callbacks:
        WatchedWord.objects.create(pattern="sell", action="hold")
        during = cache.get(watched_words.copies.key)
    assert during not in (None, before)
    for callback in callbacks:
        callback()
    assert cache.get(watched_words.copies.key) not in (None, before, during)


@pytest.mark.parametrize("backend", ["django.core.cache.backends.dummy.DummyCache"])
def test_without_the_cache_every_message_reads_the_words(member, group, chat, settings, backend):
    """Redis down answers like a cache that has nothing: no copy is trusted, no word is missed."""
    settings.CACHES = {"default": {"BACKEND": backend}}
    assert submit(member, group, "I sell nothing", topic=chat).outcome == Outcome.PUBLISHED
    WatchedWord.objects.filter().delete()
    WatchedWord.objects.bulk_create([WatchedWord(pattern="sell", action="hold")])  # no signal at all
    with CaptureQueriesContext(connection) as queries:
        assert submit(member, group, "I sell nothing", topic=chat).outcome == Outcome.HELD
    assert len(word_reads(queries)) == 1


def test_a_pattern_that_is_not_valid_is_skipped_and_kept_apart(member, group, chat):
    WatchedWord.objects.create(pattern="([", is_regex=True, action="refuse")
    WatchedWord.objects.create(pattern="sell", action="hold")
    assert submit(member, group, "I sell nothing", topic=chat).outcome == Outcome.HELD
    assert submit(member, group, "I sell nothing ([", topic=chat).outcome == Outcome.HELD
