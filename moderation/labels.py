"""Who an unkind word is aimed at: the person writing, someone quoted, or someone else.

"Narkkari", "junkie", "nisti" hurt when thrown at someone; but people here also name themselves
that way ("olen narkkari", "I'm a junkie", "us junkies"), and tell what others called them ("he
called me a 'junkie'"). Policing how people name themselves would shame the very people the groups
are for, so an unkind word (WatchedWord.Action.UNKIND) is refused only when it is aimed at someone
else; quoted, it waits for a moderator; as a self-label it passes. What is unclear waits too.

The nearest pointer word before the label decides ("I'm not like those junkies": "those" is
nearest, so it is about others). Words in English, Finnish and Swedish, as people write them
(spoken Finnish included: "mä oon", "sä oot").
"""

import re
from enum import StrEnum


class Aim(StrEnum):
    SELF = "self"
    QUOTED = "quoted"
    OTHERS = "others"
    UNCLEAR = "unclear"


# Pointer words (and two-word phrases), by whom they point at; one line a language.
def _set(*lines):
    return {word.strip() for line in lines for word in line.split(",") if word.strip()}


_SELF = _set(
    "i, i'm, im, i've, ive, i'd, me, my, myself, we, we're, us, our, ourselves, fellow, ex, former, recovering, "
    "as a, called me, call me, calls me, calling me, labelled me, labeled me, treated me like",
    "mä, mää, minä, mie, olen, oon, olin, me, ollaan, olemme, meitä, meistä, meidän, minua, mua, mut, minut, "
    "itse, entinen, entisenä, toipuva, sanoi mua, haukkui mua, haukkui minua, kutsui minua, kutsui mua, nimitti minua",
    "jag, jag är, jag var, vi, vi är, oss, mig, mej, min, själv, före detta, som, kallade mig, kallar mig",
)
_OTHERS = _set(
    "you, you're, youre, ur, u, your, ya, those, these, them, they, they're, he's, she's, he, she, his, her, "
    "that, this, all, dirty, stupid, fucking, filthy, bloody, damn",
    "sä, sää, sinä, sie, oot, olet, te, ootte, olette, ne, noi, nuo, ton, tuo, tää, se, hän, niitä, noita, "
    "kaikki, vitun, saatanan, perkeleen, helvetin, likainen, likaiset, senkin, sinäkin, säkin, haista, vittu",
    "du, ni, dom, de, han, hon, din, dina, era, jävla, äckliga, äckel, dessa",
    # someone close, named ("my son is a junkie" is about the son)
    "son, daughter, brother, sister, mom, mum, dad, father, mother, husband, wife, partner, boyfriend, "
    "girlfriend, friend, kid, child, neighbour, neighbor",
    "poika, poikani, tytär, tyttäreni, veli, veljeni, sisko, siskoni, äiti, isä, vaimo, kumppani, lapsi, "
    "lapseni, naapuri, kaveri, kaverini",
    "dotter, bror, syster, mamma, pappa, fru, sambo, barn, granne, kompis",
)
# Telling what someone was called ("the police called him a junkie"): a moderator reads it first.
_REPORTED = _set(
    "called, calls, calling, said, says, named",
    "kutsui, kutsuivat, kutsutaan, haukkui, haukkuivat, nimitti, sanoi, sanoivat, sanotaan",
    "kallade, kallar, sa, sade",
)
_QUOTES = "\"'“”‘’«»„‚"
_APOSTROPHE = re.compile(r"(?<=\w)['’](?=\w)")  # "I'm", "don't": not quotation marks
_WORD = re.compile(r"[\w'’]+")
_SENTENCE_END = re.compile(r"[.!?\n]")
WINDOW = 5  # words looked at before the label; the clause rarely points from further off


def _clause_before(text, start):
    before = text[:start]
    ends = list(_SENTENCE_END.finditer(before))
    return before[ends[-1].end() :] if ends else before


def _clause_after(text, end):
    after = text[end:]
    found = _SENTENCE_END.search(after)
    return after[: found.start()] if found else after


def _is_quoted(text, start, end):
    """The label stands between quotation marks in its sentence ("he said 'junkie'", ”narkkari”)."""
    before, after = (_APOSTROPHE.sub("", part) for part in (_clause_before(text, start), _clause_after(text, end)))
    opened = sum(before.count(q) for q in _QUOTES) % 2 == 1 or before.rstrip()[-1:] in _QUOTES
    return opened and any(q in after for q in _QUOTES)


def _tokens(fragment):
    return [t.lower().replace("’", "'") for t in _WORD.findall(fragment)]


def _nearest_pointer(words):
    """SELF, QUOTED (reported speech) or OTHERS for the pointer nearest the end of `words`, or None."""
    for i in range(len(words) - 1, -1, -1):
        pair = f"{words[i - 1]} {words[i]}" if i > 0 else ""
        for candidate in (pair, words[i]):
            if candidate in _SELF:
                return Aim.SELF
            if candidate in _REPORTED:
                return Aim.QUOTED
            if candidate in _OTHERS:
                return Aim.OTHERS
    return None


def aim(text, start, end):
    """Whom the label at text[start:end] is aimed at (an Aim)."""
    if _is_quoted(text, start, end):
        return Aim.QUOTED
    before = _tokens(_clause_before(text, start))[-WINDOW:]
    after = _tokens(_clause_after(text, end))[:3]
    pointed = _nearest_pointer(before)
    if pointed is not None:
        return pointed
    # Finnish and Swedish put the verb after the word too: "narkkari mä oon", "narkkare är jag".
    following = _nearest_pointer(list(reversed(after)))
    if following is not None:
        return following
    if not before and not after:
        return Aim.SELF  # the word alone, or as the whole clause: how someone names themselves
    return Aim.UNCLEAR
