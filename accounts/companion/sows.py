"""The Subjective Opiate Withdrawal Scale (SOWS; Handelsman et al. 1987): 16 items rated 0–4, total 0–64.

The words explaining a total are rough bands for the person's own use, never a diagnosis.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ITEMS = [
    _("I feel anxious"),
    _("I feel like yawning"),
    _("I am perspiring"),
    _("My eyes are tearing"),
    _("My nose is running"),
    _("I have gooseflesh"),
    _("I am shaking"),
    _("I have hot flushes"),
    _("I have cold flushes"),
    _("My bones and muscles ache"),
    _("I feel restless"),
    _("I feel nauseous"),
    _("I feel like vomiting"),
    _("My muscles twitch"),
    _("I have stomach cramps"),
    _("I feel like using now"),
]
RATINGS = [
    (0, _("not at all")),
    (1, _("a little")),
    (2, _("moderately")),
    (3, _("quite a bit")),
    (4, _("extremely")),
]
MAX_TOTAL = 4 * len(ITEMS)

# (highest total in the band, word). Rough bands only.
BANDS = [
    (0, _("no withdrawal symptoms")),
    (10, _("mild")),
    (20, _("moderate")),
    (30, _("moderately severe")),
    (MAX_TOTAL, _("severe")),
]


def total(answers):
    """The sum of 16 answers, each 0–4; ValueError for anything else."""
    if len(answers) != len(ITEMS) or any(not isinstance(a, int) or not 0 <= a <= 4 for a in answers):
        raise ValueError("SOWS needs 16 answers from 0 to 4.")
    return sum(answers)


def band(score):
    for upper, word in BANDS:
        if score <= upper:
            return word
    return BANDS[-1][1]


def explain(score):
    """A plain, non-judgemental sentence about a total: a rough band, never a diagnosis."""
    return gettext(
        "Your total is %(score)s of %(max)s: in the rough band “%(band)s”. This is not a diagnosis; the bands "
        "only help you follow how you feel from day to day. If withdrawal is hard, it is worth talking to "
        "your clinic: they can help."
    ) % {"score": score, "max": MAX_TOTAL, "band": str(band(score))}
