"""A group's watched words, read and compiled once per change instead of for every message sent.

Each process keeps, per group, the words that apply there (the global ones and the group's own) compiled, read
again after any watched word is saved or deleted anywhere (peersupport/process_copies.py: a generation in the
cache). A message then costs one cache read instead of a query and a compiled pattern per word. With Redis down
every message reads the words from the database, as before: an outage costs a query, never a missed word.
"""

import re

from django.db.models import Q

from peersupport.process_copies import ProcessCopies

from .models import WatchedWord

copies = ProcessCopies("watched-words").watch(WatchedWord)


def read_from_database(group):
    """((word, compiled pattern or None when it is not a valid expression), ...) that apply in `group` (or,
    without one, the global words), in a stable order."""
    scope = Q(group__isnull=True) | Q(group=group) if group is not None else Q(group__isnull=True)
    words = []
    for word in WatchedWord.objects.filter(scope).order_by("pk"):
        try:
            compiled = word.compiled()
        except re.error:
            compiled = None
        words.append((word, compiled))
    return tuple(words)


def words_for(group):
    """The words of `group`, from this process's copy while it is current."""
    return copies.get(group.pk if group is not None else None, lambda: read_from_database(group))
