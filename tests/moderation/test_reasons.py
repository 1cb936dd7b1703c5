"""Reasons, log lines and notifications are stored as codes and read in the reader's language (issue 20).

One stored row, three readers: an English, a Finnish and a Swedish one each read it in their own
language, with the moderator's own words kept exactly as typed.
"""

import importlib
from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone, translation

from accounts.notifications.inbox import lines, visible_notifications
from groups.membership.members import ban_member, mute_member
from groups.models import Ban, Topic
from moderation import actions, queue
from moderation.models import ModerationLog, QueueItem
from moderation.pipeline import Kind, submit
from peersupport.reasons import Reason, recognise, render

RULE_FI = "Se on ryhmän säännön ”No selling or buying.” vastainen."
RULE_SV = "Det strider mot gruppens regel ”No selling or buying.”."


pytestmark = pytest.mark.usefixtures("compiled_catalogs")


@pytest.fixture
def published(member, group):
    return submit(member, group, "hello all", kind=Kind.TOPIC, title="Hello").message


def _said(user, language):
    with translation.override(language):
        return " ".join(line.text for line in lines(visible_notifications(user)))


def test_a_removal_reason_is_stored_as_a_code_with_the_moderators_words_as_typed(moderator, published):
    actions.remove_message(moderator, published, actions.explain("No selling or buying.", "Take care."))
    row = ModerationLog.objects.get(action="remove")
    assert row.reason_code == "rule" and row.reason_params == {"rule": "No selling or buying."}
    assert row.reason == "Take care."


def test_the_same_removal_reads_in_english_finnish_and_swedish(
    moderator, member, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.remove_message(moderator, published, actions.explain("No selling or buying.", "Take care."))
    english, finnish, swedish = (_said(member, lang) for lang in ("en", "fi", "sv"))
    assert 'Reason: It goes against the group rule "No selling or buying.". Take care.' in english
    assert f"Syy: {RULE_FI} Take care." in finnish and "It goes against" not in finnish
    assert f"Anledning: {RULE_SV} Take care." in swedish and "It goes against" not in swedish


def test_a_ban_reason_from_the_queue_reads_in_the_banned_persons_language(
    moderator, member, published, login, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.ban_from_queue(moderator, published, actions.explain("No selling or buying."))
    ban = Ban.objects.get(user=member)
    assert (ban.reason_code, ban.reason) == ("rule", "")
    member.language = "fi"
    member.save(update_fields=["language"])
    page = login(member).get(reverse("groups:my-standing", args=[published.group.slug])).content.decode()
    assert RULE_FI in page and "It goes against" not in page


def test_the_log_line_has_the_actor_as_its_subject_in_each_language(moderator, member, group, login):
    mute_member(moderator, group, member, timezone.now() + timedelta(days=1), reason="Spam links.")
    row = ModerationLog.objects.get(action="mute")
    client = login(moderator)
    pages = {}
    for language in ("en", "fi", "sv"):
        moderator.language = language
        moderator.save(update_fields=["language"])
        pages[language] = client.get(reverse("moderation:log", args=[group.slug])).content.decode()
    assert "Group Moderator muted the member" in pages["en"]
    assert "Group Moderator hiljensi jäsenen" in pages["fi"] and "tekijä" not in pages["fi"]
    assert "Group Moderator tystade medlemmen" in pages["sv"]
    assert all("Spam links." in page for page in pages.values()) and row.reason == "Spam links."


def test_an_automatic_action_reads_as_a_sentence_without_an_actor(
    group, published, member, other_member, moderator, make_user, login
):
    group.report_threshold = 1
    group.save()
    actions.report_message(other_member, published, "No selling or buying.", "")
    moderator.language = "fi"
    moderator.save(update_fields=["language"])
    page = login(moderator).get(reverse("moderation:log", args=[group.slug])).content.decode()
    assert "Viesti piilotettiin automaattisesti raporttien jälkeen" in page
    assert "automaattisesti: " not in page


def test_a_queue_reason_reads_in_the_moderators_language_with_its_plural(group, published, moderator):
    item, _created = queue.open_item(group, QueueItem.Kind.REPORTED, message=published, reason=Reason("reported"))
    queue.reword_item(item, Reason("hidden_after", {"count": 3}))
    item.refresh_from_db()
    with translation.override("fi"):
        assert item.reason_text() == "Piilotettu 3 raportin jälkeen."
    with translation.override("sv"):
        assert item.reason_text() == "Dolt efter 3 anmälningar."
    with translation.override("en"):
        assert render("hidden_after", {"count": 1}) == "Hidden after 1 report."


def test_a_held_messages_queue_reason_is_a_code(group, member):
    group.premoderation_count = 1
    group.save()
    topic = Topic.objects.create(group=group, title="Week one")
    result = submit(member, group, "my first words", topic=topic)
    item = QueueItem.objects.get(message=result.message, kind=QueueItem.Kind.HELD)
    assert item.reason_code.startswith("hold_staff_newcomer") and item.reason == ""
    with translation.override("sv"):
        assert "personalen" in item.reason_text()


@pytest.mark.parametrize(
    "saved, code, params, rest",
    [
        ('It goes against the group rule "Be kind.". Please stop.', "rule", {"rule": "Be kind."}, "Please stop."),
        ("Se on ryhmän säännön ”Be kind.” vastainen.", "rule", {"rule": "Be kind."}, ""),
        ("Hidden after 4 reports.", "hidden_after", {"count": 4}, ""),
        ("Nobody claimed it within 10 minutes.", "unclaimed_for", {"count": 10}, ""),
        ("Reported by a member.", "reported", {}, ""),
        ("Version 2", "rules_version", {"version": "2"}, ""),
        ("You were rude to a newcomer.", "", {}, "You were rude to a newcomer."),
    ],
)
def test_sentences_saved_before_codes_are_recognised(saved, code, params, rest):
    assert recognise(saved) == Reason(code, params, rest)


def test_the_data_migration_turns_known_sentences_into_codes_and_keeps_free_text(group, moderator, member):
    known = queue.record(
        moderator, group, "remove", target_user=member, reason='It goes against the group rule "Be kind.". Sorry.'
    )
    free = queue.record(moderator, group, "warn", target_user=member, reason="Please read the rules again.")
    topic = queue.record(moderator, group, "topic_pin", reason="Reported by a member.")  # a member's own title
    handled = queue.record(moderator, group, "crisis_handled", target_user=member, reason="supported")
    ban = ban_member(moderator, group, member, 'It goes against the group rule "Be kind.".')
    migration = importlib.import_module("moderation.migrations.0008_reason_codes_data")
    state = MigrationExecutor(connection).loader.project_state([("moderation", "0008_reason_codes_data")])
    migration.forwards(state.apps, None)
    rows = {r.pk: r for r in ModerationLog.objects.all()}
    assert (rows[known.pk].reason_code, rows[known.pk].reason) == ("rule", "Sorry.")
    assert (rows[free.pk].reason_code, rows[free.pk].reason) == ("", "Please read the rules again.")
    assert (rows[topic.pk].reason_code, rows[topic.pk].reason) == ("", "Reported by a member.")
    assert rows[handled.pk].reason_code == "outcome_supported"
    ban.refresh_from_db()
    assert ban.reason_code == "rule" and ban.reason_params == {"rule": "Be kind."}
    with translation.override("fi"):
        assert rows[known.pk].reason_text() == "Se on ryhmän säännön ”Be kind.” vastainen. Sorry."
