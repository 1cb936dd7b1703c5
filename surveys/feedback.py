"""Feedback prompts through the survey engine: "Was this useful?" on harm-reduction alerts.

Each alert gets, the first time someone answers, a built-in one-question survey (kind ALERT_FEEDBACK) sent to the
alert's groups; answers are as anonymous as any survey's (one per person through the HMAC mark, results with
k-anonymity on the same results page). The survey closes FEEDBACK_DAYS after the alert expires, which deletes
its marks.

The outreach desk's consultations: after one closes, its person may answer "Was this helpful?" and one short
question in the desk's feedback survey of the month (kind DESK_FEEDBACK, one per calendar month, so no survey row
points at a consultation). One answer per person and month (the HMAC mark); the results open when the month's
survey closes, with the same k-anonymity, on the same results page (staff see counts only).
"""

import calendar
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from moderation.alerts import actions as alert_queries

from . import answering, lifecycle
from .models import AlertFeedback, Question, Survey

FEEDBACK_DAYS = 14


# The question and its labels are stored as English msgids and shown translated (gettext_noop marks them).
QUESTION = gettext_noop("Was this useful?")
LABELS = [gettext_noop("Yes"), gettext_noop("Partly"), gettext_noop("No")]
CHOICES = {"yes": 1, "partly": 2, "no": 3}  # the form's values -> choice positions


def sent_to(alert, group):
    """True when `alert` was sent to `group` (every group, or chosen)."""
    return alert_queries.targeting(group).filter(pk=alert.pk).exists()


def alert_feedback_survey(alert, create=True):
    """The feedback survey of `alert`, made on first use (None when `create` is False and there is none yet)."""
    link = AlertFeedback.objects.select_related("survey").filter(alert=alert).first()
    if link is not None or not create:
        return link.survey if link else None
    with transaction.atomic():
        survey = Survey.objects.create(
            title=alert.title,
            kind=Survey.Kind.ALERT_FEEDBACK,
            status=Survey.Status.PUBLISHED,
            opens_on=timezone.localdate(alert.created_at),
            closes_on=timezone.localdate(alert.expires_at) + timedelta(days=FEEDBACK_DAYS),
            everyone=alert.all_groups,
        )
        if not alert.all_groups:
            survey.groups.set(alert.groups.all())
        lifecycle.add_question(survey, Question.Kind.SINGLE, QUESTION, LABELS)
        AlertFeedback.objects.create(alert=alert, survey=survey)
    return survey


def may_give_feedback(user, alert, group, now=None):
    """True when `user` may still say whether `alert` was useful, in `group` (a group the alert was sent to)."""
    if not answering.may_answer_in(user, group):
        return False
    if not sent_to(alert, group):
        return False
    survey = alert_feedback_survey(alert, create=False)
    if survey is None:
        last_day = timezone.localdate(alert.expires_at) + timedelta(days=FEEDBACK_DAYS)
        return alert.withdrawn_at is None and answering.today(now) <= last_day
    return answering.is_open(survey, now) and not answering.has_answered(survey, user)


def give_feedback(user, alert, group, choice_position, now=None):
    """Record one anonymous "useful?" answer (1 yes, 2 partly, 3 no). Raises answering.AlreadyAnswered."""
    survey = alert_feedback_survey(alert)
    if not answering.is_open(survey, now):
        raise answering.AlreadyAnswered
    question = survey.questions.first()
    choice = question.choices.filter(position=choice_position).first()
    picked = [choice.pk] if choice else []
    return answering.submit(user, survey, group, {question.pk: picked}, now)


# The desk's feedback (outreach/feedback.py asks these): "Was this helpful?" and one short question.
DESK_QUESTION = gettext_noop("Was this helpful?")
DESK_AGAIN = gettext_noop("Would you contact the desk again?")
DESK_AGAIN_LABELS = [gettext_noop("Yes"), gettext_noop("Maybe"), gettext_noop("No")]
DESK_TITLE = gettext_noop("Outreach desk feedback")


def desk_feedback_survey(now=None):
    """This month's desk feedback survey, made on first use."""
    day = answering.today(now)
    first = day.replace(day=1)
    found = Survey.objects.filter(kind=Survey.Kind.DESK_FEEDBACK, opens_on=first).first()
    if found is not None:
        return found
    last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    with transaction.atomic():
        survey = Survey.objects.create(
            title=DESK_TITLE,
            kind=Survey.Kind.DESK_FEEDBACK,
            status=Survey.Status.PUBLISHED,
            opens_on=first,
            closes_on=last,
        )
        lifecycle.add_question(survey, Question.Kind.SINGLE, QUESTION, LABELS)
        lifecycle.add_question(survey, Question.Kind.SINGLE, DESK_AGAIN, DESK_AGAIN_LABELS)
    return survey


def may_give_desk_feedback(user, now=None):
    survey = Survey.objects.filter(kind=Survey.Kind.DESK_FEEDBACK, opens_on=answering.today(now).replace(day=1)).first()
    return survey is None or answering.is_open(survey, now) and not answering.has_answered(survey, user)


def give_desk_feedback(user, helpful, again, now=None):
    """Record one anonymous answer (positions 1-3 for each question). Raises answering.AlreadyAnswered."""
    survey = desk_feedback_survey(now)
    picked = {}
    for question, position in zip(survey.questions.order_by("position"), (helpful, again), strict=True):
        choice = question.choices.filter(position=position).first()
        picked[question.pk] = [choice.pk] if choice else []
    return answering.submit(user, survey, None, picked, now)
