"""Rendered messages of a topic or the chat, kept in this process's memory by the topic's version.

Why memory, not Redis: nothing of a message's text ever leaves the process that rendered it (no copy in
Redis, no copy to delete on erasure, no key to guess), and a Redis outage changes nothing about the pages.
Each process renders a topic once per version and language; with one sync worker per core the saving is
the same.

Why it never shows a removed or erased text: the key is the topic's version (groups/migrations/0014), which
the database bumps in the same transaction as any change to the topic's messages, so the first read after
the change misses. A topic keeps one version only: reading or storing a newer one drops every fragment of
the older at once, and this process also drops a topic's fragments when it commits a change to one of its
messages (`forget`, from the receivers below). Entries are bounded (topics, fragments per
topic, characters in all) and expire after `MAX_AGE` seconds, so another process's stale copy of an old version is never
readable (its key is gone from the database) and is gone from memory within minutes.

Privacy: callers read here only after the gate said yes for this topic; a fragment holds only what every
reader allowed to see that message sees alike. What differs per reader (their own actions, folding, their
reactions, moderator tools) is drawn outside (groups/content/rendering.py).
"""

import threading
import time
from collections import OrderedDict

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from ..models import Message

MAX_TOPICS = 400
MAX_FRAGMENTS = 1000  # per topic and variant (language, day, page kind)
MAX_BYTES = 32 * 1024 * 1024  # of rendered text in all, per process
MAX_AGE = 600  # seconds


class _Slot:
    __slots__ = ("version", "born", "variants", "size")

    def __init__(self, version):
        self.version, self.born, self.variants, self.size = version, time.monotonic(), {}, 0


class WindowCache:
    def __init__(self, max_topics=MAX_TOPICS, max_fragments=MAX_FRAGMENTS, max_age=MAX_AGE, max_bytes=MAX_BYTES):
        self._slots = OrderedDict()
        self._lock = threading.Lock()
        self.max_topics, self.max_fragments, self.max_age = max_topics, max_fragments, max_age
        self.max_bytes, self.size = max_bytes, 0  # characters held, as the renderer reports them (`added`)

    def fragments(self, topic_id, version, variant):
        """The fragments {message id: fragment} of `topic_id` at `version` for `variant`, to read and fill.

        One lookup per page. A request that read an older version than the one held gets a throwaway dict,
        so it can never put older text back.
        """
        with self._lock:
            slot = self._slots.get(topic_id)
            now = time.monotonic()
            if slot is not None and (slot.version < version or now - slot.born > self.max_age):
                slot = None
            if slot is None:
                self._drop(topic_id)
                slot = _Slot(version)
                self._slots[topic_id] = slot
                self._evict()
            elif slot.version > version:
                return {}
            self._slots.move_to_end(topic_id)
            found = slot.variants.get(variant)
            if found is None or len(found) > self.max_fragments:
                found = slot.variants[variant] = {}
            return found

    def added(self, topic_id, version, size):
        """`size` characters were just stored for `topic_id` at `version`: count them against `max_bytes`."""
        with self._lock:
            slot = self._slots.get(topic_id)
            if slot is not None and slot.version == version:
                slot.size += size
                self.size += size
                self._evict()

    def forget(self, topic_id):
        """Drop everything held of `topic_id` (its messages changed here)."""
        with self._lock:
            self._drop(topic_id)

    def clear(self):
        with self._lock:
            self._slots.clear()
            self.size = 0

    def held_texts(self):
        """Every fragment held, for tests that prove an erased text is gone."""
        with self._lock:
            return [f for slot in self._slots.values() for v in slot.variants.values() for f in v.values()]

    def _drop(self, topic_id):
        slot = self._slots.pop(topic_id, None)
        if slot is not None:
            self.size -= slot.size

    def _evict(self):
        while self._slots and (len(self._slots) > self.max_topics or self.size > self.max_bytes):
            _topic_id, slot = self._slots.popitem(last=False)
            self.size -= slot.size


windows = WindowCache()


def _changed(sender, instance, **kwargs):
    """A message of this process's making changed: drop its topic's fragments once the change commits."""
    topic_id = instance.topic_id
    transaction.on_commit(lambda: windows.forget(topic_id))


post_save.connect(_changed, sender=Message, dispatch_uid="window_cache_saved")
post_delete.connect(_changed, sender=Message, dispatch_uid="window_cache_deleted")
