"""Feedback after a consultation: anonymous, through the surveys capability, counts only for staff."""

import pytest
from django.urls import reverse

from outreach import consultations
from surveys.models import AnsweredMark, Response, Survey

pytestmark = pytest.mark.django_db


def test_after_closing_the_person_answers_once_anonymously(client, claimed, member):
    consultations.close(member, claimed)
    client.force_login(member)
    url = reverse("outreach:consultation", args=[claimed.pk])
    assert "Was this helpful?" in client.get(url).content.decode()
    response = client.post(
        reverse("outreach:consultation-feedback", args=[claimed.pk]), {"helpful": "yes", "again": "maybe"}
    )
    assert response.status_code == 302
    survey = Survey.objects.get(kind=Survey.Kind.DESK_FEEDBACK)
    (answer,) = Response.objects.filter(survey=survey)
    assert answer.group is None and AnsweredMark.objects.filter(survey=survey).count() == 1
    assert sorted(a.choice.label for a in answer.answers.all()) == ["Maybe", "Yes"]
    assert "Was this helpful?" not in client.get(url).content.decode()  # once
    again = client.post(reverse("outreach:consultation-feedback", args=[claimed.pk]), {"helpful": "no", "again": "no"})
    assert again.status_code == 404 and Response.objects.count() == 1


def test_feedback_needs_a_closed_consultation_and_clear_answers(client, claimed, member):
    client.force_login(member)
    url = reverse("outreach:consultation-feedback", args=[claimed.pk])
    assert client.post(url, {"helpful": "yes", "again": "yes"}).status_code == 404  # still open
    consultations.close(member, claimed)
    response = client.post(url, {"helpful": "very", "again": "yes"}, follow=True)
    assert "Choose one answer for each question" in response.content.decode()
    assert not Response.objects.exists()


def test_staff_see_counts_only(client, claimed, member, staff):
    client.force_login(staff)
    html = client.get(reverse("outreach:stats")).content.decode()
    assert "With a consultant" in html and member.display_name not in html
    assert client.get(reverse("outreach:consultation", args=[claimed.pk])).status_code == 404
