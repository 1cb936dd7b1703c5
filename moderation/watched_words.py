"""A group's watched words, read and compiled once per change instead of for every message sent.

Each process keeps, per group, the words that apply there (the global ones and the group's own) compiled, with
the generation they were read at. The generation is one cache key, replaced whenever a watched word is saved
or deleted: at once (so the same transaction, and a test, sees it) and again after the commit (so a process
that read the words between the two reads them again). A message then costs one cache read instead of a query
and a compiled pattern per word.

The cache is the fail-soft Redis (peersupport/cache.py): with Redis down, or the key gone, the generation is
unknown and the words are read from the database for that message, as before. An outage costs a query; it
never lets a word go unmatched. A change made without a model signal (a queryset `update`, a migration's data
step) is seen within `MAX_AGE` seconds, when a process reads its words again whatever the generation says.
"""

import re
import time
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save

from .models import WatchedWord

GENERATION_KEY = "watched-words:generation"
MAX_AGE = 300  # seconds a process trusts its copy at most
MAX_GROUPS = 2_000  # copies a process keeps before it starts again (a group's list is small)


@dataclass(frozen=True)
class Loaded:
    generation: str
    read_at: float
    words: tuple  # (WatchedWord, compiled pattern or None when the pattern is not a valid expression)


_loaded = {}  # group id (None: no group) -> Loaded


def read_from_database(group):
    """The words that apply in `group` (or, without one, the global words), in a stable order, compiled."""
    scope = Q(group__isnull=True) | Q(group=group) if group is not None else Q(group__isnull=True)
    words = []
    for word in WatchedWord.objects.filter(scope).order_by("pk"):
        try:
            compiled = word.compiled()
        except re.error:
            compiled = None
        words.append((word, compiled))
    return tuple(words)


def current_generation():
    """The generation every process agrees on, or None while the cache cannot tell."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)  # a restarted Redis: whoever comes first names it
        generation = cache.get(GENERATION_KEY)
    return generation


def words_for(group):
    """((word, compiled or None), ...) for a message in `group`: from this process's copy while it is current."""
    generation = current_generation()
    key = group.pk if group is not None else None
    kept = _loaded.get(key)
    if (
        generation is not None
        and kept is not None
        and kept.generation == generation
        and time.monotonic() - kept.read_at < MAX_AGE
    ):
        return kept.words
    words = read_from_database(group)
    if generation is not None:
        if len(_loaded) >= MAX_GROUPS:
            _loaded.clear()
        _loaded[key] = Loaded(generation, time.monotonic(), words)
    return words


def forget():
    """Drop this process's copies (tests: a rolled-back database reuses group ids)."""
    _loaded.clear()


def _new_generation():
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def _changed(**kwargs):
    _new_generation()
    transaction.on_commit(_new_generation)


post_save.connect(_changed, sender=WatchedWord, dispatch_uid="watched_words_saved")
post_delete.connect(_changed, sender=WatchedWord, dispatch_uid="watched_words_deleted")
