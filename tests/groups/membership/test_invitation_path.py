"""The newcomer's path from an invitation: sign-up first, and the invitation kept through every step."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from groups.membership import actions
from groups.models import JoinRequest

PASSWORD = "sleepless-at-3am-42"
SIGNUP = {"display_name": "Invited Iris", "email": "iris@example.net", "password1": PASSWORD, "password2": PASSWORD}
RESUME = reverse("groups:invitation-resume")


@pytest.fixture
def token(group, moderator):
    _invitation, token = actions.create_invitation(moderator, group, timezone.now() + timedelta(days=1), 1)
    return token


def _confirm(client):
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    return client.post(link.split("testserver")[-1])


def test_an_invitation_opens_sign_up_not_sign_in_and_says_the_invitation_is_kept(client, token):
    response = client.post(reverse("groups:invitation-link"), {"token": token}, follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("account_signup"))
    html = response.content.decode()
    assert "Create an account first: your invitation is kept while you do" in html
    assert reverse("account_login") in html  # those who have an account sign in from there


def test_sign_up_and_e_mail_confirmation_lead_back_to_the_invitation(client, group, token):
    client.post(reverse("groups:invitation-link"), {"token": token})
    client.post(reverse("account_signup") + f"?next={RESUME}", SIGNUP)
    confirmed = _confirm(client)
    assert confirmed.status_code == 302 and confirmed["Location"] == RESUME
    page = client.get(RESUME)
    assert page.status_code == 200 and "You were invited to this group." in page.content.decode()


def test_create_an_account_from_the_navigation_keeps_the_invitation(client, group, token):
    client.post(reverse("groups:invitation-link"), {"token": token})
    client.get(reverse("home"))
    client.post(reverse("account_signup"), SIGNUP)  # no ?next=: the navigation's link
    assert _confirm(client)["Location"] == RESUME


def test_signing_in_with_an_account_returns_to_the_invitation(client, group, token, outsider, password):
    client.post(reverse("groups:invitation-link"), {"token": token})
    response = client.post(reverse("account_login"), {"login": outsider.email, "password": password})
    assert response.status_code == 302 and response["Location"] == RESUME


def test_once_used_the_invitation_is_no_longer_where_sign_in_leads(client, group, token, outsider, password):
    client.post(reverse("groups:invitation-link"), {"token": token})
    client.post(reverse("account_login"), {"login": outsider.email, "password": password})
    answers = {f"answer_{q.pk}": "A friend told me." for q in group.questions.all()} | {"accept_rules": "on"}
    client.post(RESUME, answers)
    assert JoinRequest.objects.filter(user=outsider, group=group, status="pending").exists()
    client.logout()
    response = client.post(reverse("account_login"), {"login": outsider.email, "password": password})
    assert response["Location"] != RESUME


def test_a_broken_invitation_sends_nobody_to_sign_up_with_a_promise(client, db):
    response = client.post(reverse("groups:invitation-link"), {"token": "not-a-real-token"})
    assert response.status_code == 404
    assert "does not work" in response.content.decode()
