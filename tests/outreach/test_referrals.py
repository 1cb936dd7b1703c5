"""Referrals with consent: nothing shared by default, the person edits and decides, a card with a code; the
service is told only what was consented to; consent can be withdrawn; every step logged without text."""

import pytest
from django.core import mail
from django.urls import reverse

from outreach import referrals
from outreach.models import Referral, ReferralEvent

pytestmark = pytest.mark.django_db


def test_the_person_sees_what_would_be_shared_and_nothing_by_default(client, claimed, consultant, member, service):
    referrals.propose(consultant, claimed, service, "Needs a clean kit and a chat about veins")
    client.force_login(member)
    html = client.get(reverse("outreach:consultation", args=[claimed.pk])).content.decode()
    assert "What would be shared with the service:" in html and "nothing, unless you tick the box below." in html
    assert "Needs a clean kit" in html  # the suggestion is there to edit
    assert 'name="share_summary"' in html and "checked" not in html.split('name="share_summary"')[1][:40]


def test_accepting_without_sharing_tells_the_service_only_the_code(
    client, claimed, consultant, member, service, django_capture_on_commit_callbacks
):
    referral = referrals.propose(consultant, claimed, service, "Needs a clean kit")
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("outreach:referral-decide", args=[referral.pk]), {"decision": "accept", "summary": "kit please"}
        )
    referral.refresh_from_db()
    assert response.url == reverse("outreach:referral-card", args=[referral.pk])
    assert referral.state == Referral.State.ACCEPTED and referral.summary == "" and len(referral.code) == 6
    card = client.get(response.url).content.decode()
    assert referral.code in card and service.opening_hours in card and "Nothing was shared" in card
    (sent,) = mail.outbox
    assert referral.code in sent.body and "kit" not in sent.body and member.display_name not in sent.body


def test_sharing_an_edited_summary_sends_exactly_that(
    client, claimed, consultant, member, service, django_capture_on_commit_callbacks
):
    referral = referrals.propose(consultant, claimed, service, "consultant's words")
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("outreach:referral-decide", args=[referral.pk]),
            {"decision": "accept", "share_summary": "on", "summary": "My own words, nothing more"},
        )
    (sent,) = mail.outbox
    assert "My own words, nothing more" in sent.body and "consultant's words" not in sent.body


def test_withdrawing_consent_deletes_the_summary_and_tells_the_service(
    client, claimed, consultant, member, service, django_capture_on_commit_callbacks
):
    referral = referrals.propose(consultant, claimed, service)
    with django_capture_on_commit_callbacks(execute=True):
        referrals.decide(member, referral, True, share_summary=True, summary="shared words")
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("outreach:referral-withdraw", args=[referral.pk]))
    referral.refresh_from_db()
    assert referral.state == Referral.State.WITHDRAWN and referral.summary == ""
    assert client.get(reverse("outreach:referral-card", args=[referral.pk])).status_code == 404
    assert len(mail.outbox) == 2 and "withdrew their consent" in mail.outbox[1].body
    steps = list(referral.events.values_list("step", flat=True))
    assert steps == ["proposed", "accepted", "service_told", "withdrawn", "service_told"]
    assert not hasattr(ReferralEvent, "text") and "shared words" not in str(list(referral.events.values()))


def test_declining_shares_nothing(client, claimed, consultant, member, service):
    referral = referrals.propose(consultant, claimed, service, "a summary")
    client.force_login(member)
    client.post(reverse("outreach:referral-decide", args=[referral.pk]), {"decision": "decline"})
    referral.refresh_from_db()
    assert referral.state == Referral.State.DECLINED and referral.summary == "" and not mail.outbox


def test_only_the_consultant_on_the_case_proposes(client, claimed, other_consultant, member, service):
    for person in (other_consultant, member):
        client.force_login(person)
        response = client.post(reverse("outreach:referral-propose", args=[claimed.pk]), {"service": service.pk})
        assert response.status_code == 404
    assert not Referral.objects.exists()
