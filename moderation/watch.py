"""Watched words: global and per group patterns, each with an action."""

from dataclasses import dataclass, field

from django.db.models import Q

from .models import WatchedWord


@dataclass
class Verdict:
    refuse: bool = False
    hold: bool = False
    urgent: bool = False
    crisis: bool = False
    reason: str = ""
    matched: list = field(default_factory=list)


def words_for(group):
    scope = Q(group__isnull=True) | Q(group=group) if group is not None else Q(group__isnull=True)
    return WatchedWord.objects.filter(scope)


def check(text, group, language=""):
    """Match every pattern (all languages: people mix them) and combine the actions.

    Refuse wins over hold; urgent and crisis flags are kept alongside.
    """
    verdict = Verdict()
    for word in words_for(group):
        if not word.compiled().search(text):
            continue
        verdict.matched.append(word.pk)
        if word.action == WatchedWord.Action.REFUSE:
            verdict.refuse = True
            verdict.reason = verdict.reason or word.reason
        elif word.action == WatchedWord.Action.HOLD:
            verdict.hold = True
        elif word.action == WatchedWord.Action.URGENT:
            verdict.urgent = True
        elif word.action == WatchedWord.Action.CRISIS:
            verdict.crisis = True
    return verdict
