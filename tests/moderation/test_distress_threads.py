"""Distress reading from several threads at once, as daphne's socket-database threads and its HTTP thread pool
do (peersupport/socket_db.py): every thread gets the verdict one thread alone gets. A Snowball stemmer keeps the
word it works on in itself; one stemmer shared by the threads raised IndexError mid-stem in the chat bench."""

import sys
import threading

import pytest

from moderation import distress

SENTENCES = [
    ("en", "I can't go on, I want to die tonight"),
    ("en", "i have been saving my pills and tonight i take them all"),
    ("en", "How do I recognise an overdose in my son?"),
    ("en", "I'm dying to see my kids this weekend"),
    ("fi", "en jaksa enää, haluan vaan kuolla"),
    ("fi", "kuolen nälkään, mennäänkö syömään"),
    ("fi", "mä en halua herätä huomenna"),
    ("fi", "miten naloksonia käytetään yliannostuksessa"),
]


@pytest.fixture
def switching_often():
    """Threads switch every microsecond, so a shared stemmer is caught between two words."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def verdicts():
    return [(a.urgent, a.language, sorted(a.matched)) for a in (distress.assess(text) for _lang, text in SENTENCES)]


def test_threads_reading_at_once_get_what_one_thread_alone_gets(switching_often):
    expected = verdicts()
    assert [urgent for urgent, _lang, _matched in expected] == [True, True, False, False, True, False, True, False]
    distress._compiled.cache_clear()  # every thread builds the phrase tables at once too: thousands of stems
    start, results, errors = threading.Barrier(4), [], []

    def reader():
        start.wait()
        try:
            results.extend(verdicts() for _ in range(20))
        except Exception as error:  # noqa: BLE001  (the test reports what a thread met)
            errors.append(repr(error))

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(results) == 80 and all(result == expected for result in results)
