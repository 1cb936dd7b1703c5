"""Answering: invitations through the gate, optional answers, one answer per person without a link to them."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import override_settings
from django.urls import reverse

from surveys import answering, lifecycle
from surveys.anonymity import answered_digest
from surveys.models import Answer, AnsweredMark, Response, Survey
from tests.factories import UserFactory
from tests.surveys.conftest import AFTER, NOW, answers


def test_members_of_a_target_group_are_invited_and_others_are_not(survey, member, other_group_member, outsider, staff):
    assert answering.invitations(member, now=NOW) == [(survey, survey.groups.get(slug="recovery-circle"))]
    assert [s for s, _g in answering.invitations(other_group_member, now=NOW)] == [survey]
    assert answering.invitations(outsider, now=NOW) == []
    assert answering.invitations(staff, now=NOW) == [], "staff compose surveys; they are not asked"


def test_no_invitation_before_opening_after_closing_or_for_a_draft(make_survey, group, member):
    survey = make_survey([group])
    assert answering.invitations(member, now=AFTER) == []
    survey.status = Survey.Status.DRAFT
    survey.save()
    assert answering.invitations(member, now=NOW) == []


def test_a_group_not_targeted_sees_no_invitation(make_survey, other_group, member, hidden_group):
    make_survey([other_group])
    assert answering.invitations(member, now=NOW) == []


def test_an_invitation_shows_only_in_the_surveys_languages(make_survey, group, member):
    survey = make_survey([group])
    survey.languages = ["fi"]
    survey.save()
    from django.utils import translation

    with translation.override("en"):
        assert answering.invitations(member, now=NOW) == []
    with translation.override("fi"):
        assert answering.invitations(member, now=NOW) == [(survey, group)]


def test_a_response_stores_no_person_and_only_the_day(survey, group, member):
    response = answering.submit(member, survey, group, answers(survey, scale=4, single=1, text="Fine"), now=NOW)
    response.refresh_from_db()
    assert response.answered_on == NOW.date()
    assert response.group == group
    assert Answer.objects.filter(response=response).count() == 3
    assert set(Response.objects.filter(pk=response.pk).values().get()) == {"id", "survey_id", "group_id", "answered_on"}


def test_a_survey_sent_to_everyone_records_no_group(make_survey, group, member):
    survey = make_survey(everyone=True)
    response = answering.submit(member, survey, group, answers(survey, scale=2), now=NOW)
    assert response.group is None


def test_every_question_is_optional(survey, group, member):
    response = answering.submit(member, survey, group, answers(survey), now=NOW)
    assert response.answers.count() == 0
    assert answering.has_answered(survey, member)


def test_one_answer_per_person_the_second_writes_nothing(survey, group, other_group, member, other_member):
    answering.submit(member, survey, group, answers(survey, scale=5), now=NOW)
    with pytest.raises(answering.AlreadyAnswered):
        answering.submit(member, survey, group, answers(survey, scale=1), now=NOW)
    assert Response.objects.filter(survey=survey).count() == 1
    assert Answer.objects.filter(question__survey=survey).count() == 1
    answering.submit(other_member, survey, group, answers(survey, scale=1), now=NOW)
    assert Response.objects.filter(survey=survey).count() == 2
    assert answering.invitations(member, now=NOW) == []


def test_the_mark_is_an_hmac_under_its_own_key(survey, member):
    digest = answered_digest(survey, member)
    import hashlib

    assert len(digest) == 64
    assert digest != hashlib.sha256(f"{survey.pk}:{member.pk}".encode()).hexdigest(), "a bare hash is reversible"
    with override_settings(SURVEY_HMAC_KEY="another key"):
        assert answered_digest(survey, member) != digest, "the key decides the mark"
    other = UserFactory()
    assert answered_digest(survey, other) != digest


def test_a_member_who_answered_in_one_group_cannot_answer_again_in_another(survey, group, other_group, member):
    from groups.models import Membership

    Membership.objects.create(group=other_group, user=member, rules_version_accepted=1)
    answering.submit(member, survey, group, answers(survey, scale=3), now=NOW)
    with pytest.raises(answering.AlreadyAnswered):
        answering.submit(member, survey, other_group, answers(survey, scale=3), now=NOW)


def test_closing_deletes_every_mark_and_keeps_the_answers(survey, group, member, other_member):
    answering.submit(member, survey, group, answers(survey, scale=3), now=NOW)
    answering.submit(other_member, survey, group, answers(survey, scale=4), now=NOW)
    lifecycle.close(survey, now=AFTER)
    assert not AnsweredMark.objects.filter(survey=survey).exists()
    assert Response.objects.filter(survey=survey).count() == 2


def test_the_daily_task_closes_surveys_past_their_last_day(survey, make_survey, group, member):
    still_open = make_survey([group])
    still_open.closes_on = AFTER.date()
    still_open.save()
    answering.submit(member, survey, group, answers(survey, scale=3), now=NOW)
    answering.submit(member, still_open, group, answers(still_open, scale=3), now=NOW)
    assert lifecycle.close_due_surveys(now=AFTER) == 1
    survey.refresh_from_db()
    still_open.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED and still_open.status == Survey.Status.PUBLISHED
    assert not AnsweredMark.objects.filter(survey=survey).exists()
    assert AnsweredMark.objects.filter(survey=still_open).exists()


def test_access_goes_through_the_gate(survey, group, hidden_group, member, applicant, staff, banned):
    assert answering.access_open_survey(member, survey.pk, group.slug, now=NOW) == (survey, group)
    with pytest.raises(PermissionDenied):
        answering.access_open_survey(applicant, survey.pk, group.slug, now=NOW)
    with pytest.raises(PermissionDenied):
        answering.access_open_survey(staff, survey.pk, group.slug, now=NOW)
    with pytest.raises(Http404):
        answering.access_open_survey(banned, survey.pk, group.slug, now=NOW)
    with pytest.raises(Http404):
        answering.access_open_survey(member, survey.pk, hidden_group.slug, now=NOW)
    with pytest.raises(Http404):
        answering.access_open_survey(member, survey.pk, group.slug, now=AFTER)


def test_answer_page_says_it_is_optional_and_records_once(client, survey, group, member, time_machine):
    time_machine.move_to(NOW)
    client.force_login(member)
    url = f"/surveys/{survey.pk}/{group.slug}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Answering is optional" in page.content.decode()
    scale = survey.questions.get(kind="scale")
    data = {f"q{scale.pk}": str(scale.choices.get(position=4).pk)}
    done = client.post(url, data)
    assert "Thank you. Your answers are saved, anonymously." in done.content.decode()
    again = client.post(url, data)
    assert "You have already answered this survey." in again.content.decode()
    assert Response.objects.filter(survey=survey).count() == 1
    assert "A short anonymous survey" not in client.get(f"/groups/{group.slug}/").content.decode()


def test_a_free_text_answer_goes_through_the_pipeline(client, survey, group, member, time_machine):
    time_machine.move_to(NOW)
    client.force_login(member)
    text = survey.questions.get(kind="text")
    client.post(f"/surveys/{survey.pk}/{group.slug}/", {f"q{text.pk}": "<b>Kind</b> people"})
    assert Answer.objects.get(question=text).text == "Kind people"
    assert Answer.objects.get(question=text).review == Answer.Review.WAITING


def test_no_open_survey_costs_group_pages_no_query_and_publishing_is_seen_at_once(
    make_survey, group, member, django_assert_num_queries
):
    answering.invitations(member, group, now=NOW)
    with django_assert_num_queries(0):
        assert answering.invitations(member, group, now=NOW) == []
    survey = make_survey([group], status=Survey.Status.DRAFT)
    assert answering.invitations(member, group, now=NOW) == []
    lifecycle.publish(survey)
    assert answering.invitations(member, group, now=NOW) == [(survey, group)]
    lifecycle.close(survey, now=NOW)
    assert answering.invitations(member, group, now=NOW) == []


def test_several_choices_are_kept_and_a_single_choice_keeps_one(survey, group, member):
    from tests.surveys.conftest import choice, question

    found = answers(survey, multiple=(1, 3))
    found[question(survey, "single").pk] = [choice(survey, "single", 1).pk, choice(survey, "single", 2).pk]
    response = answering.submit(member, survey, group, found, now=NOW)
    picked = sorted(response.answers.filter(question__kind="multiple").values_list("choice__label", flat=True))
    assert picked == ["Chat", "Moderators"]
    assert response.answers.filter(question__kind="single").count() == 1


def test_a_choice_of_another_question_is_ignored(survey, group, member):
    from tests.surveys.conftest import choice, question

    found = {question(survey, "single").pk: [choice(survey, "multiple", 1).pk]}
    response = answering.submit(member, survey, group, found, now=NOW)
    assert response.answers.count() == 0


def test_distress_in_a_free_text_answer_points_to_help(client, survey, group, member, time_machine):
    """The answer is anonymous, so nobody can reach out: the thank-you page says so and shows where help is."""
    time_machine.move_to(NOW)
    client.force_login(member)
    text = survey.questions.get(kind="text")
    page = client.post(f"/surveys/{survey.pk}/{group.slug}/", {f"q{text.pk}": "I can't go on, I want to die tonight"})
    body = page.content.decode()
    assert "Your answers cannot reach anyone personally" in body
    assert "/help/" in body and reverse("groups:support-start", args=[group.slug]) in body


def test_a_survey_for_everyone_invites_from_the_home_page(client, make_survey, other_group_member, time_machine):
    survey = make_survey(everyone=True)
    time_machine.move_to(NOW)
    client.force_login(other_group_member)
    page = client.get("/").content.decode()
    assert reverse("surveys:answer", args=[survey.pk, "family"]) in page
