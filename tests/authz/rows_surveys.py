"""Rows for anonymous surveys: staff compose, publish, close and read results; members answer; alert feedback."""

from datetime import timedelta

from django.utils import timezone

from moderation.models import Alert
from surveys import lifecycle
from surveys.models import Answer, Question, Response, Survey
from tests.authz.matrix import FORBIDDEN, LOGIN, NOT_ALLOWED, NOT_FOUND, OK, REDIRECT, Row, expect, members_only

STAFF_ONLY = expect(FORBIDDEN, anonymous=LOGIN, staff=OK)
STAFF_ACTS = expect(FORBIDDEN, anonymous=LOGIN, staff=REDIRECT)
POST_ONLY = expect(NOT_ALLOWED, anonymous=LOGIN)
# Members of `group` answer; staff read every group but are not asked (they compose surveys).
ANSWERERS = members_only(OK, staff=FORBIDDEN)


def _survey(world, title, status, groups, days=(-1, 7)):
    today = timezone.localdate()
    survey = lifecycle.create_survey(
        world.staff,
        Survey(title=title, opens_on=today + timedelta(days[0]), closes_on=today + timedelta(days[1])),
        groups,
    )
    lifecycle.add_question(survey, Question.Kind.SINGLE, "How often do you visit?", ["Daily", "Weekly"])
    lifecycle.add_question(survey, Question.Kind.TEXT, "Anything else?")
    survey.status = status
    survey.save()
    return survey


def setup(world):
    """An open survey for `group` and `other_group`, a draft, a closed survey with answers, an alert to `group`."""
    world.survey = _survey(world, "Open survey", Survey.Status.PUBLISHED, [world.group, world.other_group])
    world.draft_survey = _survey(world, "Draft survey", Survey.Status.DRAFT, [world.group])
    world.closed_survey = _survey(world, "Closed survey", Survey.Status.CLOSED, [world.group], days=(-9, -2))
    text = world.closed_survey.questions.get(kind="text")
    for i in range(5):
        response = Response.objects.create(
            survey=world.closed_survey, group=world.group, answered_on=timezone.localdate()
        )
        Answer.objects.create(response=response, question=text, text=f"Answer {i}", review=Answer.Review.WAITING)
    world.survey_alert = Alert.objects.create(
        title="Strong batch around",
        body_source="Take care.",
        body_html="<p>Take care.</p>",
        expires_at=timezone.now() + timedelta(days=1),
        created_by=world.staff,
    )
    world.survey_alert.groups.set([world.group])


def _s(attr):
    return lambda w: {"survey_id": getattr(w, attr).pk}


def _answer(attr, group):
    return lambda w: {"survey_id": getattr(w, attr).pk, "slug": getattr(w, group).slug}


def _question(w):
    return {"survey_id": w.draft_survey.pk, "question_id": w.draft_survey.questions.first().pk}


def _choice(w):
    question = w.survey.questions.get(kind="single")
    return {f"q{question.pk}": str(question.choices.first().pk)}


def _feedback(group):
    return lambda w: {"group": getattr(w, group).slug, "useful": "yes"}


ROWS = [
    Row("surveys:staff-list", STAFF_ONLY),
    Row("surveys:survey-new", STAFF_ONLY),
    Row(
        "surveys:survey-new", STAFF_ONLY, method="POST", data=lambda w: {"title": ""}, note="invalid input shown again"
    ),
    Row("surveys:survey-detail", STAFF_ONLY, kwargs=_s("draft_survey")),
    Row("surveys:survey-detail", STAFF_ONLY, kwargs=_s("closed_survey"), note="closed"),
    Row("surveys:survey-edit", STAFF_ONLY, kwargs=_s("draft_survey")),
    Row("surveys:survey-edit", STAFF_ONLY, kwargs=_s("draft_survey"), method="POST", data=lambda w: {"title": ""}),
    Row(
        "surveys:survey-edit",
        expect(FORBIDDEN, anonymous=LOGIN),
        kwargs=_s("survey"),
        note="a published survey cannot change",
    ),
    Row("surveys:question-add", STAFF_ONLY, kwargs=_s("draft_survey")),
    Row("surveys:question-add", STAFF_ONLY, kwargs=_s("draft_survey"), method="POST", data=lambda w: {"text": ""}),
    Row(
        "surveys:question-add",
        expect(FORBIDDEN, anonymous=LOGIN),
        kwargs=_s("survey"),
        method="POST",
        data=lambda w: {"kind": "text", "text": "Late question"},
        note="not once published",
    ),
    Row("surveys:question-delete", POST_ONLY, kwargs=_question),
    Row("surveys:question-delete", STAFF_ACTS, kwargs=_question, method="POST"),
    Row("surveys:survey-publish", POST_ONLY, kwargs=_s("draft_survey")),
    Row("surveys:survey-publish", STAFF_ACTS, kwargs=_s("draft_survey"), method="POST"),
    Row("surveys:survey-close", POST_ONLY, kwargs=_s("survey")),
    Row("surveys:survey-close", STAFF_ACTS, kwargs=_s("survey"), method="POST"),
    Row("surveys:survey-results", STAFF_ONLY, kwargs=_s("closed_survey")),
    Row("surveys:survey-results", STAFF_ONLY, kwargs=_s("survey"), note="open: the page says when results open"),
    Row("surveys:survey-results-csv", STAFF_ONLY, kwargs=_s("closed_survey")),
    Row(
        "surveys:survey-results-csv",
        expect(FORBIDDEN, anonymous=LOGIN),
        kwargs=_s("survey"),
        note="no export before the results open",
    ),
    Row("surveys:survey-review", STAFF_ONLY, kwargs=_s("closed_survey")),
    Row("surveys:survey-review", STAFF_ONLY, kwargs=_s("closed_survey"), method="POST", note="nothing chosen"),
    Row(
        "surveys:survey-review",
        expect(FORBIDDEN, anonymous=LOGIN),
        kwargs=_s("survey"),
        note="no reading of answers while the results are closed",
    ),
    Row("surveys:answer", ANSWERERS, kwargs=_answer("survey", "group")),
    Row("surveys:answer", ANSWERERS, kwargs=_answer("survey", "group"), method="POST", data=_choice),
    Row(
        "surveys:answer",
        members_only(
            OK,
            anonymous=LOGIN,
            member=FORBIDDEN,
            moderator=FORBIDDEN,
            owner=FORBIDDEN,
            muted=FORBIDDEN,
            moderator_no_totp=FORBIDDEN,
            other_group_member=OK,
            other_group_moderator=OK,
            banned=FORBIDDEN,
            staff=FORBIDDEN,
        ),
        kwargs=_answer("survey", "other_group"),
        note="in the other target group",
    ),
    Row(
        "surveys:answer",
        expect(NOT_FOUND, anonymous=LOGIN),
        kwargs=_answer("survey", "hidden_group"),
        note="a hidden group the survey was not sent to",
    ),
    Row(
        "surveys:answer",
        members_only(NOT_FOUND, staff=NOT_FOUND),
        kwargs=_answer("closed_survey", "group"),
        note="a closed survey",
    ),
    Row("surveys:alert-feedback", POST_ONLY, kwargs=lambda w: {"alert_id": w.survey_alert.pk}),
    Row(
        "surveys:alert-feedback",
        members_only(REDIRECT, staff=FORBIDDEN),
        kwargs=lambda w: {"alert_id": w.survey_alert.pk},
        method="POST",
        data=_feedback("group"),
    ),
    Row(
        "surveys:alert-feedback",
        expect(
            FORBIDDEN, anonymous=LOGIN, other_group_member=NOT_FOUND, other_group_moderator=NOT_FOUND, staff=NOT_FOUND
        ),
        kwargs=lambda w: {"alert_id": w.survey_alert.pk},
        method="POST",
        data=_feedback("other_group"),
        note="in a group the alert was not sent to",
    ),
    Row(
        "surveys:alert-feedback",
        expect(NOT_FOUND, anonymous=LOGIN),
        kwargs=lambda w: {"alert_id": w.survey_alert.pk},
        method="POST",
        data=_feedback("hidden_group"),
        note="in a hidden group",
    ),
]
