"""Unkind words are about others (issue 20): a self-label or a quote is never refused with a lecture.

The shipped list (moderation/demo.py) is installed, as on a real install; each message goes through
the pipeline exactly as the chat sends it.
"""

import pytest
from django.utils import translation

from moderation.demo import seed_watched_words
from moderation.labels import Aim, aim
from moderation.models import QueueItem, WatchedWord
from moderation.pipeline import Kind, Outcome, submit

SLUR_FI = "Käytä ystävällisempiä sanoja"
SLUR_SV = "Använd vänligare ord"


pytestmark = pytest.mark.usefixtures("compiled_catalogs")


@pytest.fixture(autouse=True)
def shipped_words(db):
    seed_watched_words()


SELF_LABELS = [
    "narkkari",
    "olen narkkari ja ylpeä siitä, että olen yhä elossa",
    "Mä oon narkkari, en mikään pahis.",
    "I'm a junkie and I'm still here.",
    "us junkies look after each other",
    "Olin nisti kymmenen vuotta.",
    "As a former junkie I know how this feels.",
    "Jag är knarkare... nej, men jag var narkkari förr.",
]
QUOTED_OR_UNCLEAR = [
    'He called him a "junkie" in front of everyone.',
    "Poliisi sanoi häntä ”narkkariksi”.",
    "The nurse said junkie under her breath.",
    "the junkie next door",
]
AIMED_AT_SOMEONE = [
    "sä oot narkkari",
    "you junkie",
    "Those junkies should stay away.",
    "Haista vittu narkkari",
    "Ne nistit pihalla",
]


@pytest.mark.parametrize(
    "text, outcome",
    [(t, Outcome.PUBLISHED) for t in SELF_LABELS]
    + [(t, Outcome.HELD) for t in QUOTED_OR_UNCLEAR]
    + [(t, Outcome.REFUSED) for t in AIMED_AT_SOMEONE],
)
def test_whom_an_unkind_word_is_aimed_at_decides_what_happens(member, chat, text, outcome):
    """A self-label is published, a quote or an unclear use waits in the queue, a label thrown at
    someone is refused."""
    result = submit(member, chat.group, text, topic=chat)
    assert result.outcome == outcome, result.reason
    held = QueueItem.objects.filter(message=result.message, kind=QueueItem.Kind.HELD).exists()
    assert held == (outcome == Outcome.HELD)


def test_one_label_aimed_at_someone_is_enough_to_refuse(member, chat):
    result = submit(member, chat.group, "I'm a junkie, and you are a junkie too, you junkie.", topic=chat)
    assert result.outcome == Outcome.REFUSED


def test_the_refusal_comes_in_the_messages_language_not_the_browsers(member, chat):
    member.language = "en"
    member.save(update_fields=["language"])
    with translation.override("en"):
        finnish = submit(member, chat.group, "Sä oot ihan narkkari, painu pois täältä.", topic=chat)
    assert finnish.outcome == Outcome.REFUSED and SLUR_FI in finnish.reason
    member.language = "sv"
    member.save(update_fields=["language"])
    with translation.override("fi"):
        swedish = submit(member, chat.group, "du är en jävla junkie, det vet alla här", topic=chat)
    assert swedish.outcome == Outcome.REFUSED and SLUR_SV in swedish.reason


def test_a_report_note_quoting_the_word_is_accepted(member, group):
    result = submit(member, group, 'They wrote "junkie" at a newcomer.', kind=Kind.REPORT)
    assert result.ok


def test_the_shipped_slurs_are_unkind_words_and_dealing_is_still_refused(member, chat):
    assert WatchedWord.objects.filter(pattern="junkie", action=WatchedWord.Action.UNKIND).exists()
    assert submit(member, chat.group, "diilaan", topic=chat).outcome == Outcome.REFUSED


@pytest.mark.parametrize(
    "text, word, expected",
    [
        ("I'm not like those junkies", "junkies", Aim.OTHERS),
        ("my son is a junkie", "junkie", Aim.OTHERS),
        ("they called me a junkie", "junkie", Aim.SELF),
        ("narkkari mä oon", "narkkari", Aim.SELF),
        ("“narkkari” sanoi se", "narkkari", Aim.QUOTED),
    ],
)
def test_the_nearest_pointer_decides_whom_a_label_is_aimed_at(text, word, expected):
    start = text.index(word)
    assert aim(text, start, start + len(word)) == expected
