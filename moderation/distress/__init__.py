"""Distress detection: is the writer of this text in crisis right now?

Offline and deterministic: lexicons of first-person distress phrases
(English, Finnish, Swedish, direct and indirect) matched over Snowball stems
(Finnish inflects every word), with fillers, negation ("I would never"),
someone-else subjects ("my son says he wants to die"), idioms ("dying to
see my kids") and questions handled in matcher.py. Informational words
("overdose", "naloxone") are reported separately and never urgent by
themselves; `informational_is_urgent(group)` reads the per-group-kind
policy from settings.DISTRESS_INFORMATIONAL_URGENT.

    assess(text) -> Assessment(distress, emergency, informational, language, matched)
"""

from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings

from . import lexicon, model
from .matcher import CLAUSE, Phrase, PhraseTable, clauses, fold, stem_words, words_of

LANGUAGES = lexicon.LANGUAGES
LOOKBACK = 4


@dataclass
class Assessment:
    distress: bool = False  # the writer, in the first person, in distress
    emergency: bool = False  # someone is in danger right now
    informational: bool = False  # overdose, naloxone, suicide... talked about
    language: str = ""  # "en", "fi", "sv" or "" when the text does not tell
    matched: list = field(default_factory=list)  # the lexicon phrases that matched

    @property
    def urgent(self):
        return self.distress or self.emergency


@lru_cache(maxsize=1)
def _compiled():
    def build(table):
        return {lang: PhraseTable(Phrase(text, lang) for text in table[lang]) for lang in LANGUAGES}

    return build(lexicon.DISTRESS), build(lexicon.EMERGENCY), build(lexicon.IDIOM), build(lexicon.INDIRECT)


def detect_language(text):
    """The text's language among fi/sv/en by its function words, or "" when it does not tell."""
    raw = text.lower()
    scores = dict.fromkeys(LANGUAGES, 0)
    for words in clauses(text):
        for word in words:
            for lang in LANGUAGES:
                if word in lexicon.LANGUAGE_WORDS[lang]:
                    scores[lang] += 1
    scores["sv"] += 2 * raw.count("å")
    best = max(LANGUAGES, key=lambda lang: (scores[lang], lang == "en"))
    if scores[best] == 0:
        return ""
    tied = [lang for lang in LANGUAGES if scores[lang] == scores[best]]
    return best if len(tied) == 1 else ""


def _in(word, words):
    if word in words:
        return True
    return any(w.endswith("*") and word.startswith(w[:-1]) for w in words)


def _negated(raw, start, skipped, lang, phrase_words):
    window = raw[max(0, start - lexicon.NEGATION_WINDOW[lang]) : start]
    for i in range(len(window) - 1, -1, -1):
        if window[i] in lexicon.JOINTS[lang]:
            window = window[i + 1 :]
            break
    negators = lexicon.NEGATORS[lang] - phrase_words
    return any(w in negators for w in window) or any(raw[i] in negators for i in skipped)


def _about_someone_else(raw, start, end, lang):
    """True when the phrase's subject is another person ("he wants to die"), not the writer. The subject is looked
    for back to the clause's last comma: in "took the dog and the boy to gran's, so they won't see" the boy is not
    the subject."""
    if any(w in lexicon.FIRST_PERSON[lang] for w in raw[start:end]):
        return False
    for word in reversed(raw[max(0, start - LOOKBACK) : start]):
        if word in lexicon.FIRST_PERSON[lang] or word == ",":
            return False
        if _in(word, lexicon.OTHER_SUBJECT[lang]):
            return True
    return False


def _conditional(raw, start, lang):
    return any(w in lexicon.CONDITIONAL[lang] for w in raw[:start])


def _past(raw, lang):
    joined = f" {' '.join(raw)} "
    for span in lexicon.NOT_PAST[lang]:
        joined = joined.replace(f" {span} ", " ")
    return any(f" {marker} " in joined for marker in lexicon.PAST[lang])


def _joking(raw):
    return bool(lexicon.LAUGHS.intersection(raw)) and bool(lexicon.IF.intersection(raw))


def _find(phrases, words, lang, *, idioms=(), check_subject=True, check_conditional=False, vetoed=None, soft=False):
    """The phrases found in `words`; those found but negated, idiomatic or about someone else go to `vetoed`.

    `soft` phrases (the indirect ones: a bridge, a letter) veto only when negated or idiomatic: one that is
    about someone else or ruled out by what follows simply does not match, and the model still reads the text.
    """
    vetoed = [] if vetoed is None else vetoed
    fillers = lexicon.FILLERS[lang]
    if check_subject and (_past(words.raw, lang) or _joking(words.raw)):
        return []
    masked = set()
    for idiom in idioms.candidates(words) if idioms else ():
        found = idiom.find(words, fillers)
        if found:
            masked.update(range(found[0], found[1]))
    hits = []
    for phrase in phrases.candidates(words):
        found = phrase.find(words, fillers)
        if not found:
            if not soft and phrase.ruled_out(words, fillers):
                vetoed.append(phrase.text)
            continue
        start, end, skipped = found
        if masked & set(range(start, end)) or _negated(words.raw, start, skipped, lang, phrase.words):
            vetoed.append(phrase.text)
            continue
        if check_subject and (
            _about_someone_else(words.raw, start, end, lang)
            or any(_in(words.raw[i], lexicon.OTHER_SUBJECT[lang]) for i in skipped)
        ):
            if not soft:
                vetoed.append(phrase.text)
            continue
        if check_conditional and _conditional(words.raw, start, lang):
            continue
        hits.append(phrase.text)
    return hits


def stemmed(text):
    """The text's clauses, each stemmed in every language: [{language: Words}]."""
    return [{lang: stem_words(raw, lang) for lang in LANGUAGES} for raw in clauses(text)]


def assess(text):
    """Read `text` for first-person distress, danger now and informational words (see the module doc)."""
    result, found = read(text)
    if found is not None:
        probability = model.probability(found)
        if probability >= model.threshold(found):
            result.distress = True
            result.matched.append(f"model {probability:.2f}")
    return result


def read(text):
    """(what the lexicons found, the model's features or None when the model may not speak).

    The model is the second opinion: it is asked only when the lexicons found nothing and vetoed nothing (a
    phrase read as negated, idiomatic, about someone else or ruled out by what follows is never overruled),
    and only for a writer who says I or names nobody else ("thank you all, goodbye"; Finnish drops the "I":
    "istun katon reunalla"), outside a story about the past or a joke. Indirect distress ("no one
    would even notice if I vanished") names no risk word, so the model is not gated on one. training.py
    calls this too, so the threshold is chosen on exactly what assess() does.
    """
    distress_table, emergency_table, idiom_table, indirect_table = _compiled()
    result = Assessment(language=detect_language(text))
    parts = stemmed(text)
    folded_words = {w for by_language in parts for w in by_language["en"].raw}
    result.informational = any(w.startswith(lexicon.INFORMATIONAL) for w in folded_words)
    vetoed = []
    for by_language in parts:
        for lang, words in by_language.items():
            distress = _find(distress_table[lang], words, lang, idioms=idiom_table[lang], vetoed=vetoed)
            distress += _find(indirect_table[lang], words, lang, idioms=idiom_table[lang], vetoed=vetoed, soft=True)
            emergency = _find(emergency_table[lang], words, lang, check_subject=False, check_conditional=True)
            result.matched += distress + emergency
            result.distress = result.distress or bool(distress)
            result.emergency = result.emergency or bool(emergency)
    if result.urgent or vetoed:
        return result, None
    found = model.features(parts)
    if not {"first-person", "no-subject"} & found or any(
        _past(p[lang].raw, lang) or _joking(p[lang].raw) for p in parts for lang in LANGUAGES
    ):
        return result, None
    return result, found


def suppressed(text, start, end):
    """True when text[start:end] (a watched-word match) is negated, an idiom, or about someone else.

    Lets the admin-editable crisis words keep working as explicit triggers
    without flagging "I would never kill myself" or "my son wants to die".
    """
    prefix = words_of(CLAUSE.split(fold(text[:start]))[-1])
    inside = words_of(fold(text[start:end]))
    tail = words_of(CLAUSE.split(fold(text[end:]))[0])[:3]
    lo, hi = len(prefix), len(prefix) + len(inside)
    idiom_table = _compiled()[2]
    for lang in LANGUAGES:
        words = stem_words(prefix + inside + tail, lang)
        for idiom in idiom_table[lang]:
            found = idiom.find(words, lexicon.FILLERS[lang])
            if found and set(range(found[0], found[1])) & set(range(lo, hi)):
                return True
        if _negated(words.raw, lo, [], lang, set()) or _about_someone_else(words.raw, lo, hi, lang):
            return True
    return False


def informational_is_urgent(group):
    """Whether informational words alone flag a message as urgent in this group's kind (default: never)."""
    kinds = getattr(settings, "DISTRESS_INFORMATIONAL_URGENT", ())
    return group is not None and group.kind in kinds


__all__ = ["Assessment", "assess", "read", "detect_language", "fold", "informational_is_urgent", "suppressed"]
