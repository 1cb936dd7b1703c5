"""A small logistic regression over stemmed words and concept cues, the second opinion after the lexicons.

Trained offline on every labelled round the project ships
(tests/moderation/data/distress_*.tsv) by `python manage.py distress_eval
--train` (training.py, which chooses the threshold by leaving out one round at
a time), which writes weights.json next to this file, threshold included;
nothing is downloaded at run time. Features are the words of each
clause stemmed in English, Finnish and Swedish, their stem bigrams, the
folded words and word bigrams, the character 4-grams of each word (another
Finnish inflection or a typo still shares most of them: "hoidettu",
"hoidettiin"), the concept families of data/common.toml's [cues]
("cue:means" for a bridge, a rope or pills saved up; "cue:goodbye";
"cue:others" for my son, she...) and whether the writer speaks in the first
person ("no-subject" when nobody at all is named: "thank you all, goodbye").
A cue lets a word the model never saw count through its family, which is
what generalises to new wording. The model only counts when it is sure (the
threshold) and the writer speaks in the first person or names nobody else;
the lexicons' negation, someone-else and past-story rules still apply before
it (see assess()).
"""

import json
import math
import random
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from . import lexicon

WEIGHTS = Path(__file__).with_name("weights.json")
DEFAULT_THRESHOLD = 0.8
GRAM_SIZES = (4,)
# The concept families that name a risk (a means, a goodbye, a plan...): where one is named the model's lower
# threshold applies (both are chosen on the left-out rounds, training.choose). Everyday talk names none of them
# far more often than distress does, so the lower bar costs fewer false urgents than one lower threshold would.
RISK_FAMILIES = frozenset(
    [
        "means",
        "stockpile",
        "goodbye",
        "gone",
        "plan",
        "selfharm",
        "death",
        "reach",
        "follow",
        "arrange",
        "burden",
        "hopeless",
    ]
)
MIN_WEIGHT = 0.02  # smaller weights barely move a score and only grow weights.json


@lru_cache(maxsize=1)
def _cue_patterns():
    """One regular expression per concept family: a word (or words) beginning with one of its prefixes."""
    return {
        name: re.compile("|".join(" " + re.escape(p) for p in sorted(prefixes, key=len, reverse=True)))
        for name, prefixes in lexicon.CUES.items()
    }


def cues(words):
    """The concept families named in one clause's folded words."""
    joined = f" {' '.join(words)} "
    return {name for name, pattern in _cue_patterns().items() if pattern.search(joined)}


def grams(word, sizes=GRAM_SIZES):
    """The character n-grams of one folded word, its edges marked: "<kuo", "uole", "lla>" for "kuolla"."""
    padded = f"<{word}>"
    return {padded[i : i + n] for n in sizes for i in range(len(padded) - n + 1)}


def features(stemmed_clauses):
    """The feature set of a text given as [{language: Words}] per clause."""
    found = set()
    families = set()
    for by_language in stemmed_clauses:
        raw = by_language["en"].raw
        for i, word in enumerate(raw):
            found.add(f"w:{word}")
            if i + 1 < len(raw):
                found.add(f"w:{word}_{raw[i + 1]}")
            if len(word) > 2:
                found |= {f"c:{gram}" for gram in grams(word)}
        for lang, words in by_language.items():
            stems = words.stems
            for i, stem in enumerate(stems):
                found.add(f"{lang}:{stem}")
                if i + 1 < len(stems):
                    found.add(f"{lang}:{stem}_{stems[i + 1]}")
            if any(w in lexicon.FIRST_PERSON[lang] for w in words.raw):
                found.add("first-person")
        families |= cues(by_language["en"].raw)
    if "first-person" not in found and "others" not in families:
        found.add("no-subject")  # "thank you all, goodbye", "istun katon reunalla": nobody else is named
    found |= {f"cue:{name}" for name in families}
    ordered = sorted(families)
    found |= {f"cue:{a}+{b}" for i, a in enumerate(ordered) for b in ordered[i + 1 :]}
    return found


def train(samples, epochs=30, rate=0.2, l2=1e-3, seed=1, min_count=1, distress_weight=1.0, average=False):
    """(weights, bias) by stochastic gradient descent; `samples` is [(feature set, is distress)]. Deterministic.

    Features seen in fewer than `min_count` samples are left out: one sentence's rare words are what a model
    memorises instead of learning. `distress_weight` counts a missed distress sentence that many times an
    everyday one flagged. Features are numbered in sorted order and summed in that order, so the same samples
    give the same weights in every process (a set's order is not). `average` returns the mean of the weights
    over every step (averaged SGD: the last step's weights swing with the last sentences read).
    """
    data = list(samples)
    counts = Counter(f for found, _target in data for f in found)
    index = {}
    encoded = [
        ([index.setdefault(f, len(index)) for f in sorted(found) if counts[f] >= min_count], bool(target))
        for found, target in data
    ]
    weights, bias = [0.0] * len(index), 0.0
    # For the average: each step's change times the step's number (the mean is weights - stepped / steps).
    stepped, stepped_bias, step = [0.0] * len(index), 0.0, 1
    order = list(range(len(encoded)))
    shuffle = random.Random(seed).shuffle  # noqa: S311  (a reproducible order, not a secret)
    for _epoch in range(epochs):
        shuffle(order)
        for k in order:
            ids, target = encoded[k]
            z = bias
            for i in ids:
                z += weights[i]
            error = _sigmoid(z) - 1.0 if target else _sigmoid(z)
            if target:
                error *= distress_weight
            bias -= rate * error
            stepped_bias -= step * rate * error
            for i in ids:
                change = rate * (error + l2 * weights[i])
                weights[i] -= change
                stepped[i] -= step * change
            step += 1
    if average:
        weights = [w - s / step for w, s in zip(weights, stepped, strict=True)]
        bias -= stepped_bias / step
    kept = {f: round(weights[i], 3) for f, i in index.items() if abs(weights[i]) >= MIN_WEIGHT}
    return kept, round(bias, 4)


def save(weights, bias, path=WEIGHTS, threshold=DEFAULT_THRESHOLD, cue_threshold=None, **about):
    """Write the weights (and how they were chosen, `about`) as JSON; sorted, so a retrain diffs cleanly.

    `cue_threshold` (default: `threshold`) applies to a text that names a risk family (RISK_FAMILIES)."""
    data = {
        "about": about,
        "bias": bias,
        "threshold": threshold,
        "cue_threshold": threshold if cue_threshold is None else cue_threshold,
        "weights": dict(sorted(weights.items())),
    }
    path.write_text(json.dumps(data, indent=0, sort_keys=False) + "\n")
    load.cache_clear()


@lru_cache(maxsize=1)
def load(path=WEIGHTS):
    """(weights, bias, (threshold, cue threshold)); a missing file is a model that never speaks."""
    if not path.exists():
        return {}, -30.0, (1.0, 1.0)
    data = json.loads(path.read_text())
    plain = data.get("threshold", DEFAULT_THRESHOLD)
    return data["weights"], data["bias"], (plain, data.get("cue_threshold", plain))


def about(path=WEIGHTS):
    """How the shipped weights were chosen (settings, figures, what they were trained on); {} without a file."""
    return json.loads(path.read_text()).get("about", {}) if path.exists() else {}


def score(found, weights, bias):
    return _sigmoid(bias + sum(weights.get(f, 0.0) for f in found))


def probability(found):
    weights, bias, _threshold = load()
    return score(found, weights, bias)


def at_risk(found):
    """Whether features `found` name a risk family (the lower threshold applies)."""
    return any(f"cue:{name}" in found for name in RISK_FAMILIES)


def threshold(found=frozenset()):
    """The probability from which the model calls a text with features `found` distress."""
    plain, cued = load()[2]
    return cued if at_risk(found) else plain


def _sigmoid(z):
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
