"""Members hear that a survey is open, once, in words that give nothing away; answering changes nothing there."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from surveys import announce, answering, lifecycle
from surveys.models import Survey


@pytest.fixture
def survey(staff, group):
    today = timezone.localdate()
    draft = Survey(title="How is the group for you?", opens_on=today, closes_on=today + timedelta(days=7))
    draft = lifecycle.create_survey(staff, draft, [group])
    lifecycle.add_question(draft, "scale", "How safe do you feel here?", ())
    return draft


def test_publishing_an_open_survey_tells_each_member_of_its_groups_once(
    survey, group, member, moderator, other_group_member, outsider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.publish(survey)
    told = set(Notification.objects.filter(kind="survey").values_list("user_id", flat=True))
    assert {member.pk, moderator.pk} <= told
    assert other_group_member.pk not in told and outsider.pk not in told
    assert not announce.announce(survey)  # never twice
    assert Notification.objects.filter(kind="survey", user=member).count() == 1


def test_the_notice_names_only_the_group_and_says_answering_is_optional(client, survey, group, member):
    lifecycle.publish(survey)
    client.force_login(member)
    page = client.get(reverse("accounts:notifications")).content.decode()
    assert "A short anonymous survey is open in Recovery circle. Answering is optional." in page
    assert "How safe do you feel" not in page and "How is the group for you?" not in page


def test_a_survey_opening_later_is_announced_on_its_first_day(survey, member):
    first_day = timezone.localdate() + timedelta(days=2)
    Survey.objects.filter(pk=survey.pk).update(opens_on=first_day, closes_on=first_day + timedelta(days=3))
    survey.refresh_from_db()
    lifecycle.publish(survey)
    assert not Notification.objects.filter(kind="survey").exists()
    on_the_day = timezone.make_aware(timezone.datetime.combine(first_day, timezone.datetime.min.time())) + timedelta(
        hours=9
    )
    assert announce.announce_due(now=on_the_day) == 1
    assert Notification.objects.filter(kind="survey", user=member).exists()


def test_answering_leaves_the_notice_as_it_was(survey, group, member):
    lifecycle.publish(survey)
    before = list(Notification.objects.filter(user=member, kind="survey").values_list("pk", "read_at"))
    question = survey.questions.get()
    response = answering.submit(member, survey, group, {question.pk: [question.choices.order_by("position").last().pk]})
    assert response.pk and answering.has_answered(survey, member)
    after = list(Notification.objects.filter(user=member, kind="survey").values_list("pk", "read_at"))
    assert before == after and before
