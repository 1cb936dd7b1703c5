"""Issue 17 item 5: session rows hold no e-mail address and no raw token; expired rows go daily."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.account.views import INTERNAL_RESET_SESSION_KEY
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import tasks
from accounts.models import User
from accounts.sessions import PASSWORD_RESET_KEY, seal, unseal

pytestmark = pytest.mark.django_db

SIGNUP = {
    "display_name": "Night Owl",
    "email": "owl.private@example.net",
    "password1": "sleepless-at-3am-42",
    "password2": "sleepless-at-3am-42",
}


def _stored_sessions():
    """What a seized database shows: every session row, decoded."""
    return "\n".join(repr(s.get_decoded()) for s in Session.objects.all())


def test_sign_up_confirmation_and_sign_in_leave_no_address_in_session_rows(client):
    client.post(reverse("account_signup"), SIGNUP)
    assert Session.objects.exists()
    assert "owl.private" not in _stored_sessions()
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    client.post(link.split("testserver")[-1])
    assert "_auth_user_id" in client.session  # confirming signed the newcomer in
    client.logout()
    client.post(reverse("account_login"), {"login": SIGNUP["email"], "password": SIGNUP["password1"]})
    assert client.session["_auth_user_id"] == str(User.objects.get(email=SIGNUP["email"]).pk)
    assert "owl.private" not in _stored_sessions()


def test_signing_in_before_confirming_keeps_no_address_and_still_asks_to_confirm(db):
    user = User.objects.create_user(email="waiting.person@example.net", password="pw-pw-pw-pw-42", display_name="Wait")
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": "pw-pw-pw-pw-42"})
    assert response.status_code == 302 and "_auth_user_id" not in client.session
    assert "waiting.person" not in _stored_sessions()
    assert client.get(response["Location"]).status_code == 200  # the "confirm your address" page still works


def test_signing_up_with_a_taken_address_keeps_no_address(client, member):
    client.post(reverse("account_signup"), {**SIGNUP, "display_name": "Someone", "email": member.email})
    assert member.email not in _stored_sessions()


def test_clear_expired_sessions_deletes_expired_rows_only(client, member):
    client.force_login(member)
    live = client.session.session_key
    Session.objects.create(session_key="x" * 32, session_data="", expire_date=timezone.now() - timedelta(days=1))
    tasks.clear_expired_sessions.delay()
    assert list(Session.objects.values_list("session_key", flat=True)) == [live]


def test_the_password_reset_key_is_sealed_in_the_session_row_and_the_reset_still_works(client, member):
    """allauth keeps the e-mailed reset key in the session until the new password is chosen."""
    assert PASSWORD_RESET_KEY == INTERNAL_RESET_SESSION_KEY
    client.post(reverse("account_reset_password"), {"email": member.email})
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", mail.outbox[-1].body).group(0)
    path = link.split("testserver")[-1]
    key = path.rstrip("/").rsplit("/", 1)[-1]
    set_password = client.get(path)
    assert set_password.status_code == 302  # allauth moves the key into the session and out of the address
    token = key.split("-", 1)[1]
    assert token not in _stored_sessions()
    assert token not in "".join(Session.objects.values_list("session_data", flat=True))
    response = client.post(
        set_password["Location"], {"password1": "a-new-night-42-owl", "password2": "a-new-night-42-owl"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("a-new-night-42-owl")


def test_a_sealed_value_that_cannot_be_opened_reads_as_empty(settings):
    sealed = seal("1-abc-token")
    assert "abc-token" not in sealed and unseal(sealed) == "1-abc-token"
    settings.SECRET_KEY = "another-secret-" + "x" * 40
    assert unseal(sealed) == ""
