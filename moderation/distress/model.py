"""A small logistic regression over stemmed words, the second opinion after the lexicons.

Trained offline on tests/moderation/data/distress_labelled.tsv (never on the
held-out file) by `python manage.py distress_eval --train`, which writes
weights.json next to this file; nothing is downloaded at run time. Features
are the words of each clause stemmed in English, Finnish and Swedish, their
stem bigrams, and whether the writer speaks in the first person. The model
only counts when it is sure (THRESHOLD) and the writer speaks in the
first person; the lexicons' negation, someone-else and past-story rules
still apply before it (see assess()).
"""

import json
import math
import random
from functools import lru_cache
from pathlib import Path

from . import lexicon

WEIGHTS = Path(__file__).with_name("weights.json")
THRESHOLD = 0.8
LANGUAGES = ("en", "fi", "sv")


def features(stemmed_clauses):
    """The feature set of a text given as [{language: Words}] per clause."""
    found = set()
    for by_language in stemmed_clauses:
        for lang, words in by_language.items():
            stems = words.stems
            for i, stem in enumerate(stems):
                found.add(f"{lang}:{stem}")
                if i + 1 < len(stems):
                    found.add(f"{lang}:{stem}_{stems[i + 1]}")
            if any(w in lexicon.FIRST_PERSON[lang] for w in words.raw):
                found.add("first-person")
    return found


def train(samples, epochs=30, rate=0.2, l2=1e-3, seed=1):
    """(weights, bias) by stochastic gradient descent; `samples` is [(feature set, is distress)]. Deterministic."""
    data = list(samples)
    weights, bias = {}, 0.0
    shuffle = random.Random(seed).shuffle  # noqa: S311  (a reproducible order, not a secret)
    for _epoch in range(epochs):
        shuffle(data)
        for found, target in data:
            p = _sigmoid(bias + sum(weights.get(f, 0.0) for f in found))
            error = p - (1.0 if target else 0.0)
            bias -= rate * error
            for f in found:
                w = weights.get(f, 0.0)
                weights[f] = w - rate * (error + l2 * w)
    return {f: round(w, 4) for f, w in weights.items() if abs(w) >= 0.01}, round(bias, 4)


def save(weights, bias, path=WEIGHTS):
    path.write_text(json.dumps({"bias": bias, "weights": dict(sorted(weights.items()))}, indent=0) + "\n")
    load.cache_clear()


@lru_cache(maxsize=1)
def load(path=WEIGHTS):
    if not path.exists():
        return {}, -30.0
    data = json.loads(path.read_text())
    return data["weights"], data["bias"]


def probability(found):
    weights, bias = load()
    return _sigmoid(bias + sum(weights.get(f, 0.0) for f in found))


def _sigmoid(z):
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
