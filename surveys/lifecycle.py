"""Staff actions on a survey: add questions, publish, close; closing deletes every "has answered" mark."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .announce import announce
from .answering import today
from .models import AnsweredMark, Choice, Question, Survey, SurveyAuthor, forget_open_surveys

SCALE_POINTS = 5


def create_survey(user, survey, groups):
    """Save a new draft composed by `user` (staff, authorised by the caller)."""
    with transaction.atomic():
        survey.status = Survey.Status.DRAFT
        survey.save()
        survey.groups.set([] if survey.everyone else groups)
        SurveyAuthor.objects.create(survey=survey, user=user)
    return survey


def add_question(survey, kind, text, labels=(), low_label="", high_label=""):
    """Append a question; a scale gets the five values 1 to 5, choice questions the given labels."""
    with transaction.atomic():
        position = survey.questions.count() + 1
        question = Question.objects.create(
            survey=survey, position=position, kind=kind, text=text, low_label=low_label, high_label=high_label
        )
        if kind == Question.Kind.SCALE:
            labels = [str(n) for n in range(1, SCALE_POINTS + 1)]
        if kind != Question.Kind.TEXT:
            Choice.objects.bulk_create(
                Choice(question=question, position=i, label=label) for i, label in enumerate(labels, 1)
            )
    return question


def publish_refusal(survey):
    """None when `survey` may be published, else what to fix first."""
    if survey.status != Survey.Status.DRAFT:
        return _("Only a draft can be published.")
    if not survey.questions.exists():
        return _("Add at least one question first.")
    if not survey.everyone and not survey.groups.exists():
        return _("Choose the groups the survey is for, or send it to everyone.")
    if survey.closes_on < survey.opens_on:
        return _("The closing day comes before the opening day.")
    return None


def publish(survey, now=None):
    """Publish; the members it is for are told once it is open (today, or by the daily task on its first day)."""
    survey.status = Survey.Status.PUBLISHED
    survey.save(update_fields=["status"])
    announce(survey, now)


def close(survey, now=None):
    """Close now: nobody can answer any more, and the marks that kept answers one per person are deleted."""
    now = now or timezone.now()
    with transaction.atomic():
        Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED, closed_at=now)
        AnsweredMark.objects.filter(survey=survey).delete()
    forget_open_surveys()
    survey.refresh_from_db()


def close_due_surveys(now=None):
    """Close published surveys whose last day has passed, and delete the marks of every closed survey.
    Returns how many surveys were closed (the beat task logs only this number)."""
    due = list(Survey.objects.filter(status=Survey.Status.PUBLISHED, closes_on__lt=today(now)))
    for survey in due:
        close(survey, now)
    AnsweredMark.objects.filter(survey__status=Survey.Status.CLOSED).delete()
    return len(due)
