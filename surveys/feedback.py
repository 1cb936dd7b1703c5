"""Feedback prompts through the survey engine: "Was this useful?" on harm-reduction alerts.

Each alert gets, the first time someone answers, a built-in one-question survey (kind ALERT_FEEDBACK) sent to the
alert's groups; answers are as anonymous as any survey's (one per person through the HMAC mark, results with
k-anonymity on the same results page). The survey closes FEEDBACK_DAYS after the alert expires, which deletes
its marks.

Hook for the outreach desk (not built yet): a consultation's "Was this useful?" would be one more side table like
AlertFeedback (consultation -> survey) and one more `*_feedback_survey` function here; the answering, the marks
and the results need nothing new. The desk's consultations must then be a target (see `answering.targets`).
"""

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
