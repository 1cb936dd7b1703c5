"""Logs never hold message text, e-mail addresses or pseudonym-to-group pairs, over a whole journey."""

import logging
import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from groups.membership.actions import approve_join_request, create_join_request
from moderation.actions import remove_message, report_message
from moderation.pipeline import submit

EMAIL = "lantern.person@example.net"
NAME = "Brave Lantern"
SECRET_TEXT = "I relapsed on Tuesday and told nobody"
ANSWER = "My brother does not know I use opioids"
REPORT_NOTE = "This reads like a sales pitch"
PASSWORD = "a-very-long-secret-pass-77"


@pytest.fixture
def every_log_record(caplog):
    """All records at DEBUG, captured at the root: what LOG_LEVEL=DEBUG would write in production."""
    caplog.set_level(logging.DEBUG)
    return caplog


def _texts(caplog):
    texts = []
    for record in caplog.records:
        texts.append(record.getMessage())
        texts.append(repr(record.args))
        if record.exc_text:
            texts.append(record.exc_text)
    return texts


def _journey(client, group, moderator, other_member, chat, capture):
    response = client.post(
        reverse("account_signup"),
        {"display_name": NAME, "email": EMAIL, "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", mail.outbox[-1].body).group(0)
    client.post(link.split("testserver", 1)[-1])
    client.logout()
    client.post(reverse("account_login"), {"login": EMAIL, "password": "wrong-password-00"})
    response = client.post(reverse("account_login"), {"login": EMAIL, "password": PASSWORD})
    assert response.status_code == 302
    user = User.objects.get(email=EMAIL)
    with capture(execute=True):
        answers = {q.pk: ANSWER for q in group.questions.all()}
        join_request = create_join_request(user, group, answers)
    with capture(execute=True):
        approve_join_request(moderator, join_request)
    with capture(execute=True):
        message = submit(user, group, SECRET_TEXT, topic=chat).message
    assert message.status == "published"
    with capture(execute=True):
        report_message(other_member, message, "Be kind.", REPORT_NOTE)
    with capture(execute=True):
        remove_message(moderator, message, "Rule 2: no selling or buying.")
    client.get(reverse("accounts:settings"))
    client.post(reverse("accounts:data-export"))
    with capture(execute=True):
        client.post(reverse("accounts:account-delete"), {"messages": "delete", "password": PASSWORD})
    assert not User.objects.filter(email=EMAIL).exists()


def test_logging_journey_leaves_no_private_text_in_any_log(
    client, group, moderator, other_member, chat, every_log_record, django_capture_on_commit_callbacks
):
    _journey(client, group, moderator, other_member, chat, django_capture_on_commit_callbacks)
    texts = _texts(every_log_record)
    assert texts, "the journey should log something (the test would prove nothing otherwise)"
    everything = "\n".join(texts)
    for secret in (SECRET_TEXT, ANSWER, REPORT_NOTE, EMAIL, "lantern.person", PASSWORD):
        assert secret not in everything, secret
    for other in (moderator, other_member):
        assert other.email not in everything
    for text in texts:
        for person in (NAME, moderator.display_name, other_member.display_name):
            if person in text:
                assert group.name not in text and group.slug not in text, text


def test_logging_config_keeps_chatty_django_loggers_above_debug():
    """django.template at DEBUG logs whole contexts (the sign-up e-mail's address and key)."""
    for name in ("django.template", "django.db.backends"):
        assert not logging.getLogger(name).isEnabledFor(logging.DEBUG), name


def test_logging_capture_would_see_a_leak(every_log_record):
    """Control: a leak through any logger is caught by the fixture."""
    logging.getLogger("groups.somewhere").debug("leak %s", EMAIL)
    assert EMAIL in "\n".join(_texts(every_log_record))
