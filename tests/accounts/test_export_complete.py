"""The export holds everything the database holds about the person (GDPR Art. 15), never who reported or noted."""

import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string

from accounts.export import EXPORTED, NOT_EXPORTED, collect_data
from groups.models import Ban, MessageRevision
from moderation.models import DutySlot, ModerationLog, ModeratorNote, QueueItem, Report
from moderation.pipeline import submit


def _user_foreign_keys():
    user_model = get_user_model()
    return {
        (model._meta.label, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.concrete and field.is_relation and field.related_model is user_model
    }


def test_every_foreign_key_to_the_user_is_exported_or_deliberately_left_out():
    missing = _user_foreign_keys() - set(EXPORTED) - NOT_EXPORTED
    assert not missing, f"add these to accounts/export.py EXPORTED (or, with a reason, NOT_EXPORTED): {missing}"
    assert not set(EXPORTED) & NOT_EXPORTED


@pytest.mark.django_db
def test_every_exported_section_is_in_the_export(member):
    data = collect_data(member)
    assert set(EXPORTED.values()) <= set(data)


@pytest.fixture
def moderated(member, other_member, moderator, group, chat):
    message = submit(member, group, "My words now", topic=chat).message
    MessageRevision.objects.create(message=message, body_source="My first words", body_html="", edited_by=member)
    type(message).objects.filter(pk=message.pk).update(urgent=True)
    QueueItem.objects.create(group=group, kind="urgent", message=message, urgent=True, reason="Crisis words")
    Report.objects.create(message=message, reporter=other_member, rule="Be kind", note="Reporter's own words")
    ModerationLog.objects.create(group=group, actor=moderator, action="warn", target_user=member, reason="Log reason")
    ModeratorNote.objects.create(group=group, member=member, author=moderator, text="Note about them")
    Ban.objects.create(group=group, user=member, reason="Ban reason", banned_by=moderator)
    return message


def test_export_holds_versions_flags_queue_reports_log_notes_and_bans(member, moderated):
    data = collect_data(member)
    [message] = data["messages"]
    assert message["crisis_flag"] is True
    assert [v["text"] for v in message["earlier_versions"]] == ["My first words"]
    assert [(q["kind"], q["urgent"], q["reason"]) for q in data["queue_items"]] == [("urgent", True, "Crisis words")]
    assert [r["rule"] for r in data["reports_on_my_messages"]] == ["Be kind"]
    assert [(e["action"], e["reason"]) for e in data["moderation_log"]] == [("warn", "Log reason")]
    assert [n["text"] for n in data["moderator_notes"]] == ["Note about them"]
    assert [b["reason"] for b in data["bans"]] == ["Ban reason"]
    html = render_to_string("accounts/export_index.html", {"data": data})
    for words in ("My first words", "Crisis words", "Be kind", "Log reason", "Note about them", "Ban reason"):
        assert words in html


def test_export_never_says_who_reported_or_which_moderator_acted(member, moderated):
    everything = json.dumps(collect_data(member))
    for other in ("Other Member", "other@example.net", "Reporter's own words", "Group Moderator", "moderator@"):
        assert other not in everything


def test_moderator_export_lists_their_acts_without_the_people_concerned(moderator, member, moderated, group):
    DutySlot.objects.create(user=moderator, group=group, weekday=0, start_time="20:00", end_time="23:00")
    data = collect_data(moderator)
    kinds = {a["kind"] for a in data["acts"]}
    assert {"ban.banned_by", "moderatornote.author", "moderationlog.actor"} <= kinds
    assert data["duty"]["weekly"][0]["from"] == "20:00:00"
    everything = json.dumps(data)
    for other in ("Quiet Member", "member@example.net", "Note about them", "Log reason", "Ban reason"):
        assert other not in everything
