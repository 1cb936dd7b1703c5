"""Rows that change rarely and are read on every message or page, kept by each process and read again after any
change anywhere.

A `ProcessCopies` keeps, per key, what `read()` returned, with the generation it was read at. The generation is
one cache key, replaced whenever one of the watched models is saved or deleted: at once (so the same transaction,
and a test, sees it) and again after the commit (so a process that read between the two reads again). A read
then costs one cache read instead of queries.

The cache is the fail-soft Redis (peersupport/cache.py): with Redis down, or the key gone, the generation is
unknown and every read goes to the database, as without the copy. An outage costs queries; it never serves rows
that may have changed. A change made without a model signal (a queryset `update`, a migration's data step) is
seen within `max_age` seconds, when a process reads again whatever the generation says.
"""

import time
import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save


class ProcessCopies:
    def __init__(self, name, max_age=300, max_keys=2_000):
        self.key = f"process-copies:{name}:generation"
        self.max_age, self.max_keys = max_age, max_keys
        self._kept = {}  # key -> (generation, read at, value)

    def generation(self):
        """The generation every process agrees on, or None while the cache cannot tell."""
        found = cache.get(self.key)
        if found is None:
            cache.add(self.key, uuid.uuid4().hex, None)  # a restarted Redis: whoever comes first names it
            found = cache.get(self.key)
        return found

    def get(self, key, read):
        """This process's copy for `key` while it is current, else `read()` (kept when the generation is known)."""
        generation, now = self.generation(), time.monotonic()
        kept = self._kept.get(key)
        if generation is not None and kept is not None and kept[0] == generation and now - kept[1] < self.max_age:
            return kept[2]
        value = read()
        if generation is not None:
            if len(self._kept) >= self.max_keys:
                self._kept.clear()
            self._kept[key] = (generation, now, value)
        return value

    def forget(self):
        """Drop this process's copies (tests: a rolled-back database reuses ids)."""
        self._kept.clear()

    def changed(self, **kwargs):
        """Signal receiver: every process reads again at its next `get`."""
        self._new_generation()
        transaction.on_commit(self._new_generation)

    def watch(self, *models):
        for model in models:
            label = f"{self.key}:{model._meta.label}"
            post_save.connect(self.changed, sender=model, dispatch_uid=f"{label}:saved", weak=False)
            post_delete.connect(self.changed, sender=model, dispatch_uid=f"{label}:deleted", weak=False)
        return self

    def _new_generation(self):
        cache.set(self.key, uuid.uuid4().hex, None)
