"""Account e-mails (allauth's) and the opt-in detailed notification e-mail say nothing a mailbox should not keep."""

from pathlib import Path

import allauth
import pytest
from allauth.account.adapter import get_adapter
from allauth.core import context as allauth_context
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from tests.accounts.notifications.helpers import reply, start_topic

pytestmark = pytest.mark.django_db

PSEUDONYM = "Night Owl"
NOT_IN_ANY_EMAIL = (
    PSEUDONYM,
    "203.0.113.9",
    "SecretBrowser/1.0",
    "localhost",
    "testserver",
    "Hello from",
    "Thank you for using",
)


def _allauth_email_prefixes():
    root = Path(allauth.__file__).parent / "templates"
    return sorted(
        str(path.relative_to(root)).removesuffix("_subject.txt") for path in root.glob("*/email/*_subject.txt")
    )


@pytest.fixture
def neutral_site(settings):
    settings.SITE_NAME = "Kind Words"
    settings.SITE_URL = "https://kind.example.org"


@pytest.mark.parametrize("prefix", _allauth_email_prefixes())
def test_every_account_email_is_neutral_and_signed_with_the_site_name(prefix, member, settings, neutral_site):
    member.display_name = PSEUDONYM
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="SecretBrowser/1.0")
    request.user = member
    values = {
        "user": member,
        "user_display": PSEUDONYM,
        "username": PSEUDONYM,
        "ip": "203.0.113.9",
        "user_agent": "SecretBrowser/1.0",
        "timestamp": "now",
        "code": "ABC123",
        "activate_url": "https://kind.example.org/confirm/KEY/",
        "password_reset_url": "https://kind.example.org/reset/KEY/",
        "signup_url": "https://kind.example.org/signup/",
        "from_email": "old@example.net",
        "to_email": "new@example.net",
        "deleted_email": "old@example.net",
    }
    with allauth_context.request_context(request):
        get_adapter(request).send_mail(prefix, member.email, values)
    [message] = mail.outbox
    everything = f"{message.subject}\n{message.body}"
    for leak in NOT_IN_ANY_EMAIL:
        assert leak not in everything, (prefix, leak)
    assert not message.subject.startswith("[")
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    if prefix.startswith("account/"):
        assert "Kind Words" in message.body


def test_sign_up_email_never_carries_the_pseudonym(client, neutral_site):
    client.post(
        reverse("account_signup"),
        {
            "display_name": PSEUDONYM,
            "email": "owl@example.net",
            "password1": "sleepless-3am-42",
            "password2": "sleepless-3am-42",
        },
    )
    [message] = mail.outbox
    assert message.subject == "Confirm your e-mail address"
    assert PSEUDONYM not in message.subject + message.body
    assert "Kind Words" in message.body


def test_detailed_email_names_the_group_but_never_another_member_or_their_topic(
    run_after_commit,  # noqa: F811
    member,
    other_member,
    group,  # noqa: F811
):
    member.email_frequency, member.email_details = "immediate", True
    member.save()
    other_member.email_frequency, other_member.email_details = "immediate", True
    other_member.save()
    first = start_topic(run_after_commit, other_member, group, title="Relapse last weekend")
    mail.outbox.clear()
    reply(run_after_commit, member, first, "I am here for you")
    [message] = mail.outbox
    assert message.to == [other_member.email]
    assert "Someone replied in Recovery circle." in message.body
    for other in ("Quiet Member", "Relapse last weekend", "I am here for you"):
        assert other not in message.body
