"""Rows for search (groups:search, groups:group-search). What each actor *finds* is in test_search_leaks.py."""

from tests.authz.matrix import LOGIN, NOT_FOUND, OK, Row, expect, members_only


def _group(w):
    return {"slug": w.group.slug}


def _hidden(w):
    return {"slug": w.hidden_group.slug}


def _words(w):
    return {"q": "nights"}


EVERYONE_SIGNED_IN = expect(OK, anonymous=LOGIN)  # each finds only in their own groups
HIDDEN = expect(NOT_FOUND, anonymous=LOGIN, staff=OK)  # staff may open any group; nobody else here is in it

ROWS = [
    Row("groups:search", EVERYONE_SIGNED_IN),
    Row("groups:search", EVERYONE_SIGNED_IN, method="POST", data=_words),
    Row("groups:group-search", members_only(OK), _group),
    Row("groups:group-search", members_only(OK), _group, method="POST", data=_words),
    Row("groups:group-search", HIDDEN, _hidden, note="hidden group"),
    Row("groups:group-search", HIDDEN, _hidden, method="POST", data=_words, note="hidden group"),
]
