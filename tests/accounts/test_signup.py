import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

SIGNUP = {
    "display_name": "Night Owl",
    "email": "owl@example.net",
    "password1": "sleepless-at-3am-42",
    "password2": "sleepless-at-3am-42",
}


def _signup(client, **overrides):
    return client.post(reverse("account_signup"), {**SIGNUP, **overrides})


def test_signup_sends_verification_then_login_works(client):
    response = _signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="owl@example.net")
    assert user.display_name == "Night Owl"
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)

    # Before verification, logging in only leads to the "verify your e-mail" page.
    client.logout()
    client.post(reverse("account_login"), {"login": "owl@example.net", "password": SIGNUP["password1"]})
    assert "_auth_user_id" not in client.session

    client.post(link.split("testserver")[-1])
    response = client.post(reverse("account_login"), {"login": "owl@example.net", "password": SIGNUP["password1"]})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_refuses_taken_pseudonym_in_any_case(client, member):
    response = _signup(client, display_name=member.display_name.upper())
    assert response.status_code == 200
    assert "already taken" in response.content.decode()
    # What the person typed is kept.
    assert 'value="owl@example.net"' in response.content.decode()
    assert not User.objects.filter(email="owl@example.net").exists()


@pytest.mark.parametrize("name", ["ab", "x" * 31, "me@example.net", "  ", "<b>hi</b>"])
def test_signup_refuses_invalid_pseudonym(client, name):
    response = _signup(client, display_name=name)
    assert response.status_code == 200
    assert not User.objects.filter(email="owl@example.net").exists()


def test_database_refuses_case_duplicate_pseudonym(member):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(email="x@example.net", password="x", display_name=member.display_name.lower())


def test_account_settings_changes_pseudonym_and_keeps_input_on_error(login, member, other_member):
    client = login(member)
    url = reverse("accounts:settings")
    response = client.post(url, {"display_name": other_member.display_name.lower(), "email_frequency": "digest"})
    assert response.status_code == 200
    assert "already taken" in response.content.decode()
    assert other_member.display_name.lower() in response.content.decode()

    response = client.post(url, {"display_name": "Brand New", "email_frequency": "never"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.display_name == "Brand New"
    assert member.email_frequency == "never"


def test_account_settings_requires_login(client):
    response = client.get(reverse("accounts:settings"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_professional_flag_not_in_member_settings_form(login, member):
    client = login(member)
    client.post(
        reverse("accounts:settings"),
        {"display_name": "Still Me", "email_frequency": "digest", "is_professional": "on", "is_staff": "on"},
    )
    member.refresh_from_db()
    assert not member.is_professional
    assert not member.is_staff
