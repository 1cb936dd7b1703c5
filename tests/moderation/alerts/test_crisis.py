"""Crisis support: crisis words, the kind prompt, resources per language, quick exit and help on every page."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from moderation.alerts import crisis
from moderation.alerts.demo import seed_resources
from moderation.models import CrisisResource, QueueItem, WatchedWord
from moderation.pipeline import Outcome, submit
from tests.crawl import crawl


@pytest.fixture
def crisis_words(db):
    crisis.seed_crisis_words()


@pytest.fixture
def resources(db):
    seed_resources()


def test_crisis_words_seed_english_finnish_and_swedish_once(crisis_words):
    patterns = set(WatchedWord.objects.filter(action="crisis").values_list("pattern", flat=True))
    assert {"want to die", "haluan kuolla", "en jaksa enää", "jag vill dö"} <= patterns
    informational = set(WatchedWord.objects.filter(action="info").values_list("pattern", flat=True))
    assert {"suicide", "overdose", "itsemurha", "yliannostus"} <= informational
    crisis.seed_crisis_words()
    assert WatchedWord.objects.filter(action="crisis").count() == len(crisis.CRISIS_WORDS)
    assert WatchedWord.objects.filter(action="info").count() == len(crisis.INFORMATIONAL_WORDS)


@pytest.mark.parametrize("text", ["Some days I just want to die.", "Mietin itsemurhaa. Haluan kuolla."])
def test_crisis_words_publish_and_raise_an_urgent_item(crisis_words, member, group, chat, text):
    result = submit(member, group, text, topic=chat)
    assert result.outcome == Outcome.PUBLISHED
    assert result.crisis
    item = QueueItem.objects.get(group=group, kind=QueueItem.Kind.URGENT)
    assert item.urgent
    assert item.message == result.message


def test_crisis_words_e_mail_moderators_who_opted_in(
    crisis_words, member, moderator, group, chat, django_capture_on_commit_callbacks
):
    moderator.urgent_email = True
    moderator.save()
    with django_capture_on_commit_callbacks(execute=True):
        submit(member, group, "I think about suicide every day", topic=chat)
    assert [m.to for m in mail.outbox] == [[moderator.email]]
    assert "suicide" not in mail.outbox[0].body
    assert "suicide" not in mail.outbox[0].subject


def test_crisis_prompt_is_kind_and_lists_help(resources):
    html = render_to_string("moderation/_crisis_prompt.html")
    assert "You are not alone" in html
    assert "112" in html
    assert reverse("crisis-help") in html
    assert crisis.prompt_html() == html


def test_crisis_resources_follow_the_language(client, resources):
    english = client.get(reverse("crisis-help"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Poison Information Centre" in english
    assert "Myrkytystietokeskus" not in english
    finnish = client.get(reverse("crisis-help"), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Myrkytystietokeskus" in finnish
    assert "MIELI ry:n Kriisipuhelin" in finnish
    assert 'href="tel:0925250111"' in finnish
    assert 'href="https://mieli.fi" rel="noopener noreferrer nofollow ugc"' in finnish


def test_crisis_resources_fall_back_to_english_and_hide_inactive(resources):
    CrisisResource.objects.filter(name="Emergency number").update(active=False)
    CrisisResource.objects.filter(language="sv").update(active=False)
    with translation.override("sv"):
        names = [r.name for r in crisis.resources_for()]
    assert "Poison Information Centre" in names
    assert "Emergency number" not in names


def test_crisis_page_keeps_the_overdose_steps(client, db):
    html = client.get(reverse("crisis-help")).content.decode()
    assert "If you think someone has overdosed" in html
    assert "recovery position" in html


def test_crisis_resource_admin_tells_the_operator_to_verify(login, staff):
    html = login(staff).get(reverse("admin:moderation_crisisresource_add")).content.decode()
    assert "Verify each one yourself" in html


def test_quick_exit_url_is_a_setting(client, db, settings):
    settings.QUICK_EXIT_URL = "https://weather.example/"
    html = client.get(reverse("home")).content.decode()
    assert 'data-exit-url="https://weather.example/"' in html


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)


@pytest.mark.parametrize("email", [None, "member@example.org", "admin@example.org"])
def test_every_page_has_quick_exit_and_get_help(client, demo, email):
    if email:
        client.force_login(User.objects.get(email=email))
    pages = 0
    for path, response in crawl(client):
        if "text/html" not in response.get("Content-Type", "") or response.status_code != 200:
            continue
        html = response.content.decode()
        if path.startswith("/admin/"):
            continue
        pages += 1
        assert 'id="quick-exit"' in html, path
        assert f'href="{reverse("crisis-help")}"' in html, path
    assert pages >= 3
