"""The answer side of surveys cannot be joined to a person: read from the models' own metadata.

Every model of the app is declared on a side (surveys.models.STAFF_SIDE / ANSWER_SIDE). From an answer-side
model, no chain of foreign keys (or many-to-many fields) reaches the user model or Membership, and no field holds a
time finer than the day. A new model, field or relation that breaks this fails here.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from groups.models import Membership
from surveys.models import ANSWER_SIDE, STAFF_SIDE, AnsweredMark, Response

PERSON = {get_user_model(), Membership}


def _forward_targets(model):
    for field in model._meta.get_fields():
        if field.is_relation and (field.many_to_one or field.one_to_one or field.many_to_many) and field.concrete:
            yield field, field.related_model
        if field.many_to_many and field.concrete:
            yield field, field.remote_field.through


def reachable(model):
    """{model: path} of every model a chain of forward relations from `model` leads to."""
    seen, todo = {model: [model.__name__]}, [model]
    while todo:
        current = todo.pop()
        for field, target in _forward_targets(current):
            if target not in seen:
                seen[target] = [*seen[current], f"{field.name}->{target.__name__}"]
                todo.append(target)
    return seen


def test_every_model_of_the_app_is_on_a_side():
    declared = set(STAFF_SIDE) | set(ANSWER_SIDE)
    assert set(apps.get_app_config("surveys").get_models()) == declared
    assert not set(STAFF_SIDE) & set(ANSWER_SIDE)


def test_no_answer_side_table_leads_to_a_person():
    for model in ANSWER_SIDE:
        paths = reachable(model)
        leaks = {target.__name__: path for target, path in paths.items() if target in PERSON}
        assert not leaks, f"{model.__name__} can be joined to a person: {leaks}"


def test_no_answer_side_table_holds_a_time_finer_than_the_day():
    for model in ANSWER_SIDE:
        for target in reachable(model):
            if target in ANSWER_SIDE:
                fields = [f.name for f in target._meta.concrete_fields if isinstance(f, models.DateTimeField)]
                assert not fields, f"{target.__name__} has a DateTimeField: {fields}"
    assert isinstance(Response._meta.get_field("answered_on"), models.DateField)


def test_the_answered_mark_and_the_response_never_meet():
    """No relation between the two, and no sequence: the mark's key is its digest, the response's a random uuid."""
    assert Response not in reachable(AnsweredMark) and AnsweredMark not in reachable(Response)
    assert AnsweredMark._meta.pk.name == "digest"
    assert isinstance(Response._meta.pk, models.UUIDField)
    mark_fields = {f.name for f in AnsweredMark._meta.concrete_fields}
    assert mark_fields == {"digest", "survey"}


def test_the_check_itself_finds_a_link_to_a_person():
    """A test that cannot fail is a defect: a model with a user foreign key two hops away is caught."""

    class Probe(models.Model):
        mark = models.ForeignKey("groups.JoinRequest", on_delete=models.CASCADE)  # JoinRequest -> user

        class Meta:
            app_label = "surveys_probe"

    assert get_user_model() in reachable(Probe)


def test_deploy_check_warns_while_the_mark_key_is_derived(settings):
    from surveys.checks import answered_mark_key_of_its_own

    settings.SURVEY_HMAC_KEY = "derived-from-secret-key:abc"
    assert [w.id for w in answered_mark_key_of_its_own(None)] == ["surveys.W001"]
    settings.SURVEY_HMAC_KEY = "a-long-random-key-of-its-own"
    assert answered_mark_key_of_its_own(None) == []
