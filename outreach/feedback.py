"""After a consultation closes, its person may say "Was this helpful?" and whether they would come again,
anonymously, through the surveys capability (surveys/feedback.py): nothing links the answer to the consultation
or the person, and staff see counts only, with k-anonymity, once the month's survey closes."""

from django.http import Http404

from surveys import answering
from surveys import feedback as survey_feedback

from . import access

CHOICES = {"yes": 1, "partly": 2, "no": 3}
AGAIN = {"yes": 1, "maybe": 2, "no": 3}


def may_give(user, consultation, now=None):
    return (
        consultation.is_closed
        and access.role(user, consultation) == access.PERSON
        and survey_feedback.may_give_desk_feedback(user, now)
    )


def give(user, consultation, helpful, again, now=None):
    """True when recorded; False when the person already answered this month (nothing is written twice)."""
    if not may_give(user, consultation, now) or helpful not in CHOICES or again not in AGAIN:
        raise Http404(access.NOT_FOUND)
    try:
        survey_feedback.give_desk_feedback(user, CHOICES[helpful], AGAIN[again], now)
    except answering.AlreadyAnswered:
        return False
    return True
