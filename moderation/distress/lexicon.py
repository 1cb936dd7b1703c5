"""The distress lexicons (English, Finnish, Swedish), read once from the TOML files in data/.

Written from how people actually post at night: first person, often
indirect, without apostrophes or capitals, Finnish in spoken forms and
without ä/ö. The files ship inside the package, so an install that has run
nothing but `migrate` detects distress. Each language's file holds its
phrases (distress, emergency, idiom; the syntax is in matcher.py) and the
word lists the rules in __init__.py read; common.toml holds what every
language shares.
"""

import tomllib
from importlib import resources

LANGUAGES = ("en", "fi", "sv")


def word_set(text, sep=None):
    """A set of words written as one string."""
    return frozenset(text.split(sep))


def _read(name):
    return tomllib.loads(resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8"))


def _phrases(data, kind):
    macros = data.get("macros", {})
    return [text.format_map(macros) for text in data["phrases"][kind]]


_DATA = {lang: _read(f"{lang}.toml") for lang in LANGUAGES}
_COMMON = _read("common.toml")

DISTRESS = {lang: _phrases(data, "distress") for lang, data in _DATA.items()}
EMERGENCY = {lang: _phrases(data, "emergency") for lang, data in _DATA.items()}
IDIOM = {lang: _phrases(data, "idiom") for lang, data in _DATA.items()}
INDIRECT = {lang: _phrases(data, "indirect") for lang, data in _DATA.items()}


def _words(key):
    return {lang: word_set(data["words"][key]) for lang, data in _DATA.items()}


LANGUAGE_WORDS = _words("language")
FILLERS = {lang: words | {","} for lang, words in _words("fillers").items()}
NEGATION_WINDOW = {lang: data["words"]["negation_window"] for lang, data in _DATA.items()}
NEGATORS = _words("negators")
JOINTS = _words("joints")
FIRST_PERSON = _words("first_person")
OTHER_SUBJECT = _words("other_subject")
PAST = {lang: frozenset(data["words"]["past"]) for lang, data in _DATA.items()}
# Spans with a past marker that are not about the past: "deeper than before" (ku ennen), "before I do it" (ennen ku).
NOT_PAST = {lang: tuple(data["words"].get("not_past", ())) for lang, data in _DATA.items()}
CONDITIONAL = _words("conditional")

INFORMATIONAL = tuple(_COMMON["informational"])
LAUGHS = word_set(_COMMON["laughs"])
IF = word_set(_COMMON["if"])
# Concept families for the model (model.cues): {name: (folded prefixes, ...)}.
CUES = {name: tuple(prefixes) for name, prefixes in _COMMON["cues"].items()}
