"""Phrase matching over stemmed words, with fillers, negation and idioms.

A lexicon entry is a phrase of word specs separated by spaces:

- ``die``       the word's Snowball stem must equal the text word's stem
- ``=haluan``   the text word must be exactly this (after folding)
- ``itsemurh*`` the text word must start with this (compounds, inflections)
- ``a|b``       any of the alternatives
- ``spec?``     the word may be missing
- ``~``         up to three words of anything
- ``!with``     (last spec only) the next word must not be this
- ``$``         (last only) nothing but fillers may follow in the clause

Between two specs the text may have up to two filler words ("I *really*
want to die", "haluan *vaan* kuolla"). Text is folded first: lower case,
apostrophes dropped ("can't" -> "cant"), ä/ö/å -> a/o/a (phones without
those keys), common spellings mapped ("wanna" -> "want to").
"""

import re
import threading
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

STEMMERS = {"en": "english", "fi": "finnish", "sv": "swedish"}
MAX_FILLERS = 2
WILDCARD_SPAN = 3

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_FOLD = str.maketrans({"ä": "a", "ö": "o", "å": "a", "’": "", "‘": "", "'": "", "`": "", "´": ""})
CLAUSE = re.compile(r"[.!?;:\n\"“”()]+|\s[-–—]\s")
_WORD = re.compile(r"\w+|,")  # a comma is kept: "$" may end at one, negation stops at one

# Spellings mapped before stemming (after folding). Keys are single words.
SPELLINGS = {
    "wanna": "want to",
    "wana": "want to",
    "gonna": "going to",
    "gona": "going to",
    "gotta": "got to",
    "imma": "im going to",
    "ima": "im going to",
    "kms": "kill myself",
    "cannot": "cant",
    "cnt": "cant",
    "dnt": "dont",
    "rn": "right now",
    "tonite": "tonight",
    "2nite": "tonight",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "tomoro": "tomorrow",
    "tomorow": "tomorrow",
    "2moro": "tomorrow",
    "no1": "noone",
    "nobdy": "nobody",
    "every1": "everyone",
    "u": "you",
    "ur": "your",
    "r": "are",
    "cuz": "because",
    "coz": "because",
    "bc": "because",
    "realy": "really",
    "rly": "really",
    "jus": "just",
    "anymor": "anymore",
    "any1": "anyone",
    "mysef": "myself",
    "myslef": "myself",
    "myelf": "myself",
    "wat": "what",
    "wut": "what",
    "whats": "what is",
    "thats": "that is",
    "theres": "there is",
    "od": "overdose",
    "oding": "overdosing",
    # Finnish spoken forms
    "oo": "ole",
    "oon": "olen",
    "haluun": "haluan",
    "haluisin": "haluaisin",
    "mut": "minut",
    "mua": "minua",
    "sua": "sinua",
    "kuolis": "kuolisi",
    "taa": "tama",
    "tan": "taman",
    "enaan": "enaa",
}


# Two-word forms written as one (after folding), so phrases need only one spelling.
_CONTRACTIONS = [
    (f" {a} ", f" {b} ")
    for a, b in [
        ("any more", "anymore"),
        ("can not", "cant"),
        ("do not", "dont"),
        ("does not", "doesnt"),
        ("did not", "didnt"),
        ("is not", "isnt"),
        ("are not", "arent"),
        ("was not", "wasnt"),
        ("will not", "wont"),
        ("would not", "wouldnt"),
        ("could not", "couldnt"),
        ("no one", "noone"),
    ]
]


def fold(text):
    return text.translate(_INVISIBLE).lower().translate(_FOLD)


_stemmers = threading.local()


def stemmer(language):
    """This thread's Snowball stemmer for `language`. A stemmer keeps the word it works on in itself, so one
    shared by two threads (daphne's sockets run on several, peersupport/socket_db.py) mixes up their words:
    IndexError mid-stem, or a wrong stem and a missed distress phrase."""
    made = _stemmers.__dict__
    if language not in made:
        made[language] = snowballstemmer.stemmer(STEMMERS[language])
    return made[language]


@dataclass(frozen=True)
class Words:
    """One clause: folded words and their stems in one language."""

    raw: tuple
    stems: tuple

    @property
    def raw_set(self):
        return self._sets()[0]

    @property
    def stem_set(self):
        return self._sets()[1]

    def _sets(self):
        if "_cache" not in self.__dict__:
            object.__setattr__(self, "_cache", (frozenset(self.raw), frozenset(self.stems)))
        return self.__dict__["_cache"]


def words_of(clause):
    words = [part for word in _WORD.findall(clause) for part in SPELLINGS.get(word, word).split()]
    joined = f" {' '.join(words)} "
    for old, new in _CONTRACTIONS:
        joined = joined.replace(old, new)
    return joined.split()


def clauses(text):
    """Folded word lists, one per clause (a phrase never spans two sentences)."""
    folded = fold(text)
    return [words for part in CLAUSE.split(folded) if (words := words_of(part))]


STEMS_KEPT = 50_000  # (language, word) pairs: a few MB, and everyday words come back in nearly every message


@lru_cache(maxsize=STEMS_KEPT)
def stem_of(language, word):
    """A word's Snowball stem, remembered: stemming was most of a message's distress reading (each word in
    three languages, ~2 ms a message), and people reuse their words. Two threads may stem the same new word
    at once; each uses its own stemmer and both get the same stem."""
    return stemmer(language).stemWord(word)


def stem_words(raw, language):
    return Words(tuple(raw), tuple(stem_of(language, word) for word in raw))


class Spec:
    __slots__ = ("alts", "optional", "wildcard", "not_next")

    def __init__(self, text, language):
        self.optional = text.endswith("?") and len(text) > 1
        text = text.rstrip("?") if self.optional else text
        self.wildcard = text == "~"
        self.not_next = None
        self.alts = []
        if text.startswith("!"):
            self.not_next = frozenset(text[1:].split("|"))
            return
        for alt in text.split("|"):
            alt = fold(alt)
            if alt.startswith("="):
                self.alts.append(("exact", alt[1:]))
            elif alt.endswith("*"):
                self.alts.append(("prefix", alt[:-1]))
            else:
                self.alts.append(("stem", stem_of(language, alt)))

    def accepts(self, words, i):
        raw, stem = words.raw[i], words.stems[i]
        for kind, value in self.alts:
            if (
                (kind == "stem" and stem == value)
                or (kind == "exact" and raw == value)
                or (kind == "prefix" and raw.startswith(value))
            ):
                return True
        return False


class Phrase:
    """A compiled lexicon entry."""

    def __init__(self, text, language):
        self.text = text
        self.language = language
        parts = text.split()
        self.at_end = parts[-1] == "$"
        specs = [Spec(part, language) for part in (parts[:-1] if self.at_end else parts)]
        self.not_next = specs.pop().not_next if specs and specs[-1].not_next else None
        self.specs = specs
        self.words = {value for spec in specs for _kind, value in spec.alts}
        # Specs that must match and can be looked up in a set: a quick "cannot match here".
        self.required = [
            spec.alts
            for spec in specs
            if not spec.optional and not spec.wildcard and all(kind != "prefix" for kind, _v in spec.alts)
        ]

    def possible(self, words):
        stems, raw = words.stem_set, words.raw_set
        return all(
            any((stems if kind == "stem" else raw).__contains__(v) for kind, v in alts) for alts in self.required
        )

    def find(self, words, fillers, strict=True):
        """(start, end, skipped word indexes) of the first match in `words`, or None.

        `strict=False` ignores what may not follow the phrase (``!with``, the end of the clause): a phrase that
        matches only then was ruled out on purpose ("I don't want to live in that flat").
        """
        if not self.possible(words):
            return None
        for start in range(len(words.raw)):
            found = self._match(words, fillers, 0, start, start, [], strict)
            if found:
                return found
        return None

    def ruled_out(self, words, fillers):
        """True when the phrase is there but what follows it rules it out."""
        return bool(self.not_next or self.at_end) and self.find(words, fillers, strict=False) is not None

    def _match(self, words, fillers, k, i, start, skipped, strict=True):
        if k == len(self.specs):
            if strict and self.not_next and i < len(words.raw) and words.raw[i] in self.not_next:
                return None
            if strict and self.at_end and i < len(words.raw) and words.raw[i] not in fillers:
                return None
            return (start, i, skipped)
        spec = self.specs[k]
        if spec.wildcard:
            for n in range(WILDCARD_SPAN + 1):
                if i + n > len(words.raw):
                    break
                got = self._match(words, fillers, k + 1, i + n, start, skipped + list(range(i, i + n)), strict)
                if got:
                    return got
            return None
        # Fillers are allowed only between specs, never before the first one.
        limit = 0 if k == 0 else MAX_FILLERS
        j = i
        while True:
            if j < len(words.raw) and spec.accepts(words, j):
                got = self._match(words, fillers, k + 1, j + 1, start, skipped + list(range(i, j)), strict)
                if got:
                    return got
            if j - i >= limit or j >= len(words.raw) or words.raw[j] not in fillers:
                break
            j += 1
        if spec.optional:
            return self._match(words, fillers, k + 1, i, start, skipped, strict)
        return None


class PhraseTable:
    """A lexicon's compiled phrases, indexed by one word each of them must contain: a clause is tried only against
    the phrases it can match (a phrase without such a word is always tried). Iterating gives every phrase."""

    def __init__(self, phrases):
        self.phrases = list(phrases)
        self._always, self._by_word = [], defaultdict(list)
        for position, phrase in enumerate(self.phrases):
            if phrase.required:
                for kind, value in phrase.required[0]:
                    self._by_word[(kind == "stem", value)].append(position)
            else:
                self._always.append(position)

    def __iter__(self):
        return iter(self.phrases)

    def candidates(self, words):
        """The phrases that may match `words`, in the lexicon's order."""
        found = set(self._always)
        for stem in words.stem_set:
            found.update(self._by_word.get((True, stem), ()))
        for raw in words.raw_set:
            found.update(self._by_word.get((False, raw), ()))
        return [self.phrases[i] for i in sorted(found)]
