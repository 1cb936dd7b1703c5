"""Survey fixtures: a published survey for `group` and `other_group` with one question of each kind."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from surveys import lifecycle
from surveys.models import Question, Survey

# A fixed clock: the survey runs from 1 to 14 March 2026; NOW is the 5th.
OPENS, CLOSES = date(2026, 3, 1), date(2026, 3, 14)
NOW = timezone.make_aware(datetime(2026, 3, 5, 3, 0))
AFTER = timezone.make_aware(datetime(2026, 3, 15, 9, 0))


@pytest.fixture
def make_survey(staff):
    def _make(groups=(), everyone=False, status=Survey.Status.PUBLISHED, kinds=("scale", "single", "multiple", "text")):
        survey = lifecycle.create_survey(
            staff,
            Survey(title="How are the groups for you?", opens_on=OPENS, closes_on=CLOSES, everyone=everyone),
            list(groups),
        )
        texts = {
            "scale": "How much has the group helped you?",
            "single": "How often do you visit?",
            "multiple": "What helps you most?",
            "text": "Anything else you want to tell us?",
        }
        labels = {"single": ["Daily", "Weekly", "Less often"], "multiple": ["Chat", "Topics", "Moderators"]}
        for kind in kinds:
            lifecycle.add_question(survey, kind, texts[kind], labels.get(kind, ()))
        survey.status = status
        survey.save()
        return survey

    return _make


@pytest.fixture
def survey(make_survey, group, other_group):
    return make_survey([group, other_group])


def question(survey, kind):
    return survey.questions.get(kind=kind)


def choice(survey, kind, position):
    return question(survey, kind).choices.get(position=position)


def answers(survey, scale=None, single=None, multiple=(), text=""):
    """The `answering.submit` mapping, by choice positions."""
    found = {}
    for kind, positions in (("scale", [scale] if scale else []), ("single", [single] if single else [])):
        found[question(survey, kind).pk] = [choice(survey, kind, p).pk for p in positions]
    found[question(survey, "multiple").pk] = [choice(survey, "multiple", p).pk for p in multiple]
    found[question(survey, "text").pk] = text
    return found


QuestionKind = Question.Kind
