"""The hidden canary: words written in a consultation appear on its own page for its person and the consultant
on the case, and nowhere else: no other page any demo person can reach (staff and moderators included), no
notification's sentence, no other person's export, no log line."""

import json
import logging

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.demo import DEMO_ACCOUNTS
from accounts.export import collect_data
from accounts.models import User
from moderation import pipeline
from outreach import consultations
from tests.crawl import crawl

CANARY = "canary-7f3a-consultation-words"
pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(settings, django_capture_on_commit_callbacks):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    river = User.objects.get(email="member@example.org")
    noor = User.objects.get(email="professional@example.org")
    consultation = consultations.open_consultation(river, "health", "en")
    consultations.claim(noor, consultation)
    with django_capture_on_commit_callbacks(execute=True):
        for person in (river, noor):
            result = pipeline.submit(
                person, consultation.topic.group, f"{CANARY} from {person.pk}", topic=consultation.topic
            )
            assert result.ok
    return consultation


@pytest.mark.parametrize("email", [None] + [email for email, _n, _x in DEMO_ACCOUNTS])
def test_no_page_but_the_consultation_shows_its_words(desk, email, caplog):
    caplog.set_level(logging.DEBUG)
    client = Client()
    user = User.objects.get(email=email) if email else None
    if user:
        client.force_login(user)
    own_page = reverse("outreach:consultation", args=[desk.pk])
    on_case = email in ("member@example.org", "professional@example.org")
    for path, response in crawl(client):
        body = response.content.decode(errors="replace")
        if path.split("?")[0] == own_page and on_case:
            assert CANARY in body
            continue
        assert CANARY not in body, f"{path} shows the consultation to {email}"
    direct = client.get(own_page)
    assert (direct.status_code == 200) == on_case or email is None
    if user and not on_case:
        assert CANARY not in json.dumps(collect_data(user))
    assert CANARY not in caplog.text
