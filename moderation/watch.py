"""Watched words (global and per group patterns, each with an action) and distress detection."""

import logging
from dataclasses import dataclass, field

from . import distress, labels, watched_words
from .alerts import crisis
from .models import WatchedWord

log = logging.getLogger(__name__)

# Zero-width characters kept in stored text (emoji, some scripts) would let
# "se\u200bll" slip past a pattern, so they are removed before matching.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


@dataclass
class Verdict:
    refuse: bool = False
    hold: bool = False
    urgent: bool = False
    crisis: bool = False
    informational: bool = False  # overdose, naloxone...: noted, urgent only where the group kind asks
    language: str = ""  # the message's language ("en", "fi", "sv") when the text tells, else the author's
    reason: str = ""
    matched: list = field(default_factory=list)


def _builtin_crisis_word(word):
    """A shipped crisis word is read by the detector, in context ("I can't go on holiday" is not a crisis)."""
    return word.group_id is None and not word.is_regex and word.pattern in crisis.BUILTIN_PATTERNS


def _unkind(verdict, word, pattern, text, told_language):
    """Refuse an unkind word aimed at someone; hold it when quoted or unclear; let a self-label pass.

    Every place it stands counts: "I'm a junkie, and so are you, junkie" is aimed at someone. When the
    text does not tell its language, the word's own does ("narkkari" is Finnish): the refusal is read
    in the language the message was written in.
    """
    aims = {labels.aim(text, m.start(), m.end()) for m in pattern.finditer(text)}
    if labels.Aim.OTHERS in aims:
        verdict.refuse = True
        verdict.reason = verdict.reason or word.reason
        if not told_language and word.language:
            verdict.language = word.language
    elif aims - {labels.Aim.SELF}:
        verdict.hold = True


def check(text, group, language=""):
    """Match every pattern (all languages: people mix them), read the text for distress, combine.

    Refuse wins over hold; urgent and crisis flags are kept alongside. A
    pattern that is not a valid regular expression is skipped, never fatal.
    A crisis word staff added is an explicit trigger unless negated or about
    someone else ("I would never kill myself", "my son wants to die"); the
    shipped ones are left to moderation/distress/, which reads the same
    phrases in context. First-person distress sets `crisis`. Informational
    words alone are urgent only in the group kinds settings name.
    """
    verdict = Verdict()
    text = text.translate(_INVISIBLE)
    assessment = distress.assess(text)
    verdict.language = assessment.language or (language or "").split("-")[0]
    verdict.crisis = assessment.urgent
    verdict.informational = assessment.informational
    for word, pattern in watched_words.words_for(group):
        if pattern is None:
            log.warning("watched word %s is not a valid pattern", word.pk)
            continue
        found = pattern.search(text)
        if not found:
            continue
        if word.action == WatchedWord.Action.CRISIS and (
            _builtin_crisis_word(word) or distress.suppressed(text, found.start(), found.end())
        ):
            continue
        verdict.matched.append(word.pk)
        if word.action == WatchedWord.Action.UNKIND:
            _unkind(verdict, word, pattern, text, told_language=bool(assessment.language))
        elif word.action == WatchedWord.Action.REFUSE:
            verdict.refuse = True
            verdict.reason = verdict.reason or word.reason
        elif word.action == WatchedWord.Action.HOLD:
            verdict.hold = True
        elif word.action == WatchedWord.Action.URGENT:
            verdict.urgent = True
        elif word.action == WatchedWord.Action.CRISIS:
            verdict.crisis = True
        elif word.action == WatchedWord.Action.INFO:
            verdict.informational = True
    if verdict.informational and not verdict.crisis and distress.informational_is_urgent(group):
        verdict.urgent = True
    return verdict
