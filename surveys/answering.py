"""Which surveys a member is invited to, and recording one anonymous response.

Authorisation goes through groups/access/: a member may answer a survey sent to a group they may READ (or to
everyone) and in which they are a member; staff reading a group as staff are not invited (they compose surveys).
"""

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from groups import access
from groups.access import Need

from .anonymity import answered_digest
from .models import OPEN_KEY, Answer, AnsweredMark, Choice, Question, Response, Survey


class AlreadyAnswered(Exception):
    pass


def today(now=None):
    return timezone.localdate(now or timezone.now())


def open_surveys(now=None):
    """Published surveys whose days include today."""
    day = today(now)
    return Survey.objects.filter(status=Survey.Status.PUBLISHED, opens_on__lte=day, closes_on__gte=day)


OPEN_KEY_SECONDS = 300


def open_survey_ids(now=None):
    """Ids of the open surveys (not alert feedback), remembered in the cache for a few minutes: every group page
    asks, and nearly always the answer is "none", which then costs no query. Forgotten whenever a survey is saved
    or closed; a cache outage only means a query (peersupport/cache.py)."""
    day = today(now).isoformat()
    found = cache.get(OPEN_KEY)
    if found is None or found[0] != day:
        ids = list(open_surveys(now).filter(kind=Survey.Kind.SURVEY).values_list("pk", flat=True))
        found = (day, ids)
        cache.set(OPEN_KEY, found, OPEN_KEY_SECONDS)
    return found[1]


def is_open(survey, now=None):
    day = today(now)
    return survey.status == Survey.Status.PUBLISHED and survey.opens_on <= day <= survey.closes_on


def targets(survey, group):
    return survey.everyone or survey.groups.filter(pk=group.pk).exists()


def may_answer_in(user, group):
    """True when `user` takes part in `group` as one of its people (member, moderator, owner) and may read it."""
    if not access.can(user, group, Need.READ):
        return False
    return access.standing(user, group).membership is not None


def has_answered(survey, user):
    return AnsweredMark.objects.filter(digest=answered_digest(survey, user), survey=survey).exists()


def invitations(user, group=None, now=None, kind=Survey.Kind.SURVEY):
    """[(survey, group)] of open surveys `user` may answer and has not, in `group` or in any of their groups."""
    if not user.is_authenticated:
        return []
    open_ids = open_survey_ids(now) if kind == Survey.Kind.SURVEY else None
    if open_ids == []:
        return []
    groups = [group] if group is not None else list(access.readable_groups(user).order_by("name"))
    groups = [g for g in groups if may_answer_in(user, g)]
    if not groups:
        return []
    language = (get_language() or "").split("-")[0]
    found = []
    candidates = open_surveys(now) if open_ids is None else open_surveys(now).filter(pk__in=open_ids)
    candidates = (
        candidates.filter(kind=kind)
        .filter(Q(everyone=True) | Q(groups__in=groups))
        .distinct()
        .prefetch_related("groups")
    )
    for survey in candidates:
        if survey.languages and language not in survey.languages:
            continue
        if has_answered(survey, user):
            continue
        targeted = groups if survey.everyone else [g for g in groups if g in set(survey.groups.all())]
        if targeted:
            found.append((survey, targeted[0]))
    return found


def access_open_survey(user, survey_id, slug, now=None):
    """(survey, group) for answering, authorised through the gate; Http404 / PermissionDenied otherwise."""
    group = access.access_group(user, slug, Need.READ)
    survey = Survey.objects.filter(pk=survey_id, kind=Survey.Kind.SURVEY).first()
    if survey is None or not is_open(survey, now) or not targets(survey, group):
        raise Http404(access.NOT_FOUND)
    if not may_answer_in(user, group):
        raise PermissionDenied(_("Surveys are for the members of the group. Thank you for looking."))
    return survey, group


def submit(user, survey, group, answers, now=None):
    """Record one response: `answers` maps question id -> list of choice ids, or text.

    The mark and the response are written in one transaction, and nothing relates the two rows: the response has a
    random id, the day only, and the group only when the survey was sent to chosen groups. Raises AlreadyAnswered
    (and writes nothing) when this person's mark is already there.
    """
    questions = {q.pk: q for q in Question.objects.filter(survey=survey)}
    choices = {c.pk: c for c in Choice.objects.filter(question__survey=survey)}
    rows = []
    for question_id, value in answers.items():
        question = questions.get(question_id)
        if question is None:
            continue
        if question.kind == Question.Kind.TEXT:
            text = (value or "").strip()
            if text:
                rows.append(Answer(question=question, text=text, review=Answer.Review.WAITING))
            continue
        picked = [choices[c] for c in value if c in choices and choices[c].question_id == question.pk]
        if question.kind != Question.Kind.MULTIPLE:
            picked = picked[:1]
        rows.extend(Answer(question=question, choice=choice) for choice in picked)
    try:
        with transaction.atomic():
            AnsweredMark.objects.create(digest=answered_digest(survey, user), survey=survey)
            response = Response.objects.create(
                survey=survey, group=None if survey.everyone else group, answered_on=today(now)
            )
            for row in rows:
                row.response = response
            Answer.objects.bulk_create(rows)
    except IntegrityError as exc:
        raise AlreadyAnswered from exc
    return response
