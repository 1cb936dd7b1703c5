"""seed_demo: one closed survey with results to show, a suppressed cell, and reviewed free text; idempotent."""

from django.core.management import call_command

from surveys import results
from surveys.demo import TITLE
from surveys.models import AnsweredMark, Response, Survey


def test_seed_demo_adds_one_closed_survey_with_results(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    survey = Survey.objects.get(title=TITLE)
    assert survey.status == Survey.Status.CLOSED
    assert Response.objects.filter(survey=survey).count() == 21
    assert not AnsweredMark.objects.filter(survey=survey).exists()
    found = results.survey_results(survey)
    heard = next(r for r in found["questions"] if r.question.kind == "single")
    shown = {label: cell.display(found["k"]) for label, cell in heard.rows}
    assert shown == {"A worker or a clinic": "9", "A friend": "not shown", "The internet": "fewer than 5"}
    texts = next(r for r in found["questions"] if r.question.kind == "text")
    assert len(texts.texts) == 4
    assert {g.slug for g, _cell in found["groups"]} == {"recovery-circle", "family-and-friends"}
