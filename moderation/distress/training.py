"""Train the small model and choose its settings and threshold by leaving out one writing round at a time.

The labelled files are writing rounds: each file, and each block of a file
that opens with comment lines, was written at one sitting by one writer
(evaluate.load_rounds). Sentences of one round share their writer's wording,
so a model scored on sentences of a round it was trained on promises far more
than new wording gives (a 0.90 from shuffled folds measured 0.67 on a round
written after). Every sentence is therefore scored by a model trained on all
the other rounds (leave-one-round-out, cross_round_scores), the whole
pipeline's recall and false-urgent rate are computed from those scores (the
model only speaks where the lexicons did not, see read()), and the settings
and thresholds kept (a plain one and a lower one for a text that names a risk
family, model.RISK_FAMILIES) are those with the best recall whose pooled false-urgent
rate stays within the budget (FALSE_URGENT_BUDGET: a margin under the 0.10
target for everyday talk nobody has written down yet). The final model is then
trained on every round. Deterministic: the same files give the same
weights.json.
"""

from collections import defaultdict
from dataclasses import dataclass

from . import evaluate, model, read, stemmed

FALSE_URGENT_BUDGET = 0.08
THRESHOLDS = tuple(round(0.3 + 0.02 * i, 2) for i in range(35))  # 0.30 ... 0.98
# One setting, chosen on the left-out rounds (2026-12-01, 4,536 sentences in 37 rounds; pooled recall at false
# urgent <= 0.08, two thresholds): averaged SGD with l2 0.003 -> 0.856, 0.01 -> 0.867, 0.02 -> 0.872,
# 0.04 -> 0.876, 0.08 -> 0.872; 15 epochs instead of 30 -> 0.868. Before the twenty-seventh round, with one
# threshold: rare features dropped (min_count 2), character 3-5-grams, distress weighted twice: no better. A grid
# here would multiply the training time by its size for differences of noise.
SETTINGS = ({"l2": 4e-2, "epochs": 30, "min_count": 1, "average": True},)


@dataclass(frozen=True)
class Sample:
    distress: bool
    lexicon_urgent: bool  # the lexicons alone raise it
    asked: frozenset | None  # the features when the model is asked, None when it may not speak
    features: frozenset  # what the model learns from
    at_risk: bool  # a risk family is named: the lower threshold applies (model.at_risk)


@dataclass(frozen=True)
class Choice:
    settings: dict
    threshold: float
    cue_threshold: float
    recall: float
    false_urgent: float


def prepare(rows):
    samples = []
    for label, _language, text in rows:
        result, asked = read(text)
        samples.append(
            Sample(
                distress=label == "distress",
                lexicon_urgent=result.urgent,
                asked=None if asked is None else frozenset(asked),
                features=frozenset(model.features(stemmed(text))),
                at_risk=asked is not None and model.at_risk(asked),
            )
        )
    return samples


def urgent(sample, score, thresholds):
    """Whether the pipeline raises `sample`: the lexicons did, or the model was asked and is sure enough
    (`thresholds`: the model's (plain, cue) thresholds, see model.threshold)."""
    plain, cued = thresholds
    return sample.lexicon_urgent or (sample.asked is not None and score >= (cued if sample.at_risk else plain))


def tally(samples, scores, thresholds):
    """The evaluate.Report (counts only) of lexicons plus model at `thresholds` (plain, cue)."""
    counts = evaluate.Report()
    for sample, score in zip(samples, scores, strict=True):
        raised = urgent(sample, score, thresholds)
        if sample.distress:
            counts.distress += 1
            counts.caught += raised
        else:
            counts.others += 1
            counts.false_urgent += raised
    return counts


def figures(samples, scores, thresholds):
    """(recall, false-urgent rate) of lexicons plus model, `scores` holding each sample's model probability."""
    counts = tally(samples, scores, thresholds)
    return counts.recall, counts.false_urgent_rate


def cross_round_scores(samples, groups, settings):
    """Each sample's model probability from a model trained on every round but its own (`groups`: its round)."""
    members = defaultdict(list)
    for i, group in enumerate(groups):
        members[group].append(i)
    scores = [0.0] * len(samples)
    for group in sorted(members):
        train = [(s.features, s.distress) for s, g in zip(samples, groups, strict=True) if g != group]
        weights, bias = model.train(train, **settings)
        for i in members[group]:
            if samples[i].asked is not None:
                scores[i] = model.score(samples[i].asked, weights, bias)
    return scores


def by_file(samples, groups, scores, thresholds):
    """{file name: evaluate.Report} of the held-out scores, a file's rounds added up (the rounds are ``file#block``)."""
    files = defaultdict(list)
    for i, group in enumerate(groups):
        files[group.split("#")[0]].append(i)
    return {
        name: tally([samples[i] for i in indexes], [scores[i] for i in indexes], thresholds)
        for name, indexes in sorted(files.items())
    }


def choose(samples, groups, settings_grid=SETTINGS, budget=FALSE_URGENT_BUDGET):
    """The Choice with the best held-out recall within the false-urgent budget (then fewer false urgents): its
    settings and its two thresholds, the plain one and the lower one for a text naming a risk family."""
    best = None
    for settings in settings_grid:
        scores = cross_round_scores(samples, groups, settings)
        for plain, cued in ((p, c) for p in THRESHOLDS for c in THRESHOLDS if c <= p):
            recall, false_urgent = figures(samples, scores, (plain, cued))
            if false_urgent > budget:
                continue
            key = (recall, -false_urgent, plain, cued)
            if best is None or key > best[0]:
                best = (key, Choice(settings, plain, cued, round(recall, 4), round(false_urgent, 4)))
    return best[1] if best else Choice(settings_grid[0], 1.0, 1.0, 0.0, 0.0)


def fit(rows, groups, path=model.WEIGHTS):
    """Choose by leaving out one round at a time, train on all `rows`, save; returns (Choice, number of weights)."""
    samples = prepare(rows)
    choice = choose(samples, groups)
    weights, bias = model.train([(s.features, s.distress) for s in samples], **choice.settings)
    model.save(
        weights,
        bias,
        path=path,
        threshold=choice.threshold,
        cue_threshold=choice.cue_threshold,
        settings=choice.settings,
        cross_rounds={"recall": choice.recall, "false_urgent": choice.false_urgent},
        rounds=len(set(groups)),
        sentences=len(rows),
    )
    return choice, len(weights)
