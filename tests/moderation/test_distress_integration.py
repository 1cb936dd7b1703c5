"""Distress in the product: shipped data, the pipeline's urgent items, group-kind policy, the prompt, the check."""

import importlib
import io

import pytest
from django.apps import apps as django_apps
from django.core.management import CommandError, call_command
from django.urls import reverse

from groups.content import frames as group_frames
from moderation import checks
from moderation.alerts import crisis
from moderation.alerts.demo import seed_alerts
from moderation.models import CrisisResource, QueueItem, WatchedWord
from moderation.pipeline import Outcome, submit
from moderation.watch import check

migration_0003 = importlib.import_module("moderation.migrations.0003_distress")


def urgent_items(group):
    return QueueItem.objects.filter(group=group, kind=QueueItem.Kind.URGENT)


# -- shipped with every install (the test database is built by the migrations) ------------------------------


def test_migrate_alone_installs_crisis_words_and_a_resource_per_language(db, settings):
    crisis_words = set(WatchedWord.objects.filter(action="crisis", group=None).values_list("pattern", flat=True))
    assert {"want to die", "haluan kuolla", "en jaksa enää", "jag vill dö"} <= crisis_words
    assert WatchedWord.objects.filter(action="info", pattern="overdose").exists()
    for code, _name in settings.LANGUAGES:
        assert CrisisResource.objects.filter(language=code, active=True).exists(), code
    assert not CrisisResource.objects.filter(description__icontains="verify before use").exists()


def test_seed_demo_tops_up_without_duplicates(db):
    words, resources = WatchedWord.objects.count(), CrisisResource.objects.count()
    seed_alerts()
    seed_alerts()
    assert (WatchedWord.objects.count(), CrisisResource.objects.count()) == (words, resources)


def test_migration_turns_old_informational_crisis_words_into_info_and_drops_the_public_verify_note(db):
    WatchedWord.objects.filter(pattern="overdose").delete()
    old = WatchedWord.objects.create(pattern="overdose", action="crisis", language="en")
    staff_made = WatchedWord.objects.create(pattern="blue bridge", action="crisis")
    CrisisResource.objects.filter(name="Poison Information Centre").update(
        description="Advice on poisoning." + crisis.FORMER_VERIFY_NOTE
    )
    placeholder = CrisisResource.objects.create(language="en", name="Local crisis helpline", description="Ask.")
    migration_0003.install(django_apps, None)
    old.refresh_from_db()
    staff_made.refresh_from_db()
    placeholder.refresh_from_db()
    assert old.action == "info"
    assert staff_made.action == "crisis"
    assert CrisisResource.objects.get(name="Poison Information Centre").description == "Advice on poisoning."
    assert not placeholder.active


def test_english_help_page_lists_real_lines_for_finland_without_the_verify_note(client, db):
    html = client.get(reverse("crisis-help"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "MIELI Crisis Helpline in English" in html
    assert 'href="tel:0925250116"' in html
    assert 'href="tel:112"' in html
    assert "verify before use" not in html.lower()
    swedish = client.get(reverse("crisis-help"), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "MIELI Kristelefon på svenska" in swedish


def test_the_admin_still_tells_staff_to_verify_a_shipped_line(login, staff):
    shipped = CrisisResource.objects.get(name="MIELI Crisis Helpline in English")
    url = reverse("admin:moderation_crisisresource_change", args=[shipped.pk])
    html = login(staff).get(url).content.decode()
    assert "Verify each one yourself" in html


# -- the system check -----------------------------------------------------------------------------------------


def test_check_warns_for_a_language_without_a_shown_crisis_resource(db):
    assert checks.crisis_resource_per_language(databases=["default"]) == []
    CrisisResource.objects.filter(language="sv").update(active=False)
    warnings = checks.crisis_resource_per_language(databases=["default"])
    assert [w.id for w in warnings] == [checks.MISSING_RESOURCE]
    assert "(sv)" in warnings[0].msg


def test_check_is_a_database_check_and_stays_quiet_without_one(db):
    CrisisResource.objects.all().delete()
    assert checks.crisis_resource_per_language(databases=None) == []


# -- the pipeline: urgent for distress, not for information ---------------------------------------------------


@pytest.mark.parametrize(
    "text", ["en jaksa enää, haluan vaan kuolla", "I just want it all to end tonight", "jag orkar inte längre"]
)
def test_distress_publishes_offers_help_and_raises_one_urgent_item(member, group, chat, text):
    result = submit(member, group, text, topic=chat)
    assert result.outcome == Outcome.PUBLISHED
    assert result.crisis
    assert [item.message for item in urgent_items(group)] == [result.message]


@pytest.mark.parametrize(
    "text",
    ["How do I recognise an overdose in my son?", "Mistä saa naloksonia?", "I'm dying to see my kids", "overdose"],
)
def test_informational_words_and_idioms_raise_nothing(member, group, chat, text):
    result = submit(member, group, text, topic=chat)
    assert result.outcome == Outcome.PUBLISHED
    assert not result.crisis
    assert not result.urgent
    assert not urgent_items(group).exists()


def test_a_group_kind_can_ask_for_informational_words_to_be_urgent(settings, member, group, other_group):
    settings.DISTRESS_INFORMATIONAL_URGENT = ["recovery"]
    recovery = check("Where can I get naloxone tonight?", group)
    family = check("Where can I get naloxone tonight?", other_group)
    assert (recovery.urgent, recovery.crisis) == (True, False)
    assert (family.urgent, family.crisis) == (False, False)
    assert family.informational


def test_staff_crisis_words_still_trigger_but_not_when_negated_or_about_someone_else(group):
    WatchedWord.objects.create(pattern="blue bridge", action="crisis")
    assert check("heading to the blue bridge", group).crisis
    assert not check("I would never kill myself", group).crisis
    assert not check("my son says he wants to die", group).crisis
    assert check("I want to die", group).crisis


@pytest.mark.parametrize(
    "text", ["I can't go on holiday this year", "En jaksa enää tätä hellettä", "I don't want to live in that flat"]
)
def test_shipped_crisis_words_are_read_in_context(group, text):
    assert not check(text, group).crisis


def test_verdict_carries_the_message_language_else_the_authors(group):
    assert check("en jaksa enää", group, "en").language == "fi"
    assert check("112", group, "sv-fi").language == "sv"


# -- the kind prompt --------------------------------------------------------------------------------------------


def test_socket_prompt_is_sent_once_for_the_message_in_its_language(member, group, chat):
    frames = group_frames.frame_send(member, group, {"type": "send", "topic": chat.pk, "text": "en jaksa enää"})
    prompts = [f for f in frames if f["type"] == "crisis"]
    assert len(prompts) == 1
    assert prompts[0]["language"] == "fi"
    assert prompts[0]["message_id"] == frames[0]["message"]["id"]
    assert prompts[0]["message"].startswith("Kuulostaa siltä")
    assert prompts[0]["url"] == reverse("crisis-help")
    assert prompts[0]["close"]


def test_socket_sends_no_prompt_for_information(member, group, chat):
    text = "How do I recognise an overdose in my son?"
    frames = group_frames.frame_send(member, group, {"type": "send", "topic": chat.pk, "text": text})
    assert [f["type"] for f in frames] == ["ack"]


def test_http_prompt_speaks_the_message_language_and_can_be_closed(db):
    finnish = crisis.prompt_html("fi")
    assert 'lang="fi"' in finnish
    assert "MIELI ry:n Kriisipuhelin" in finnish
    assert 'data-bs-dismiss="alert"' in finnish
    english = crisis.prompt_html("xx")  # unknown: the page's language
    assert 'lang="en"' in english
    assert "Poison Information Centre" in english


def test_chat_script_closes_the_prompt_and_shows_it_once_per_message():
    from pathlib import Path

    from django.conf import settings

    script = (Path(settings.BASE_DIR) / "static" / "js" / "chat.js").read_text()
    assert "crisisShown[f.message_id]" in script
    assert "btn-close" in script


# -- the evaluation command -------------------------------------------------------------------------------------


def test_distress_eval_prints_recall_and_false_urgent(tmp_path):
    path = tmp_path / "set.tsv"
    path.write_text("distress\ten\tI want to die\nidiom\ten\tI'm dying to see my kids\n", encoding="utf-8")
    out = io.StringIO()
    call_command("distress_eval", "--file", str(path), stdout=out)
    assert "recall 1.000 (1/1 distress), false urgent 0.000 (0/1 others)" in out.getvalue()


def test_distress_eval_names_a_malformed_line(tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_text("distress I want to die\n", encoding="utf-8")
    with pytest.raises(CommandError, match="bad.tsv:1"):
        call_command("distress_eval", "--file", str(path))
