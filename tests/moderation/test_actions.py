"""Queue actions: what the member, the group and the log see afterwards."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from groups.models import Membership, Message, Topic
from groups.signals import message_moderated
from moderation import actions
from moderation.models import ModerationLog, ModeratorNote, QueueItem, Report
from moderation.pipeline import Kind, submit


@pytest.fixture
def told():
    """Collect message_moderated signals (the member is told what happened and why)."""
    seen = []

    def receiver(**kwargs):
        seen.append(kwargs)

    message_moderated.connect(receiver)
    yield seen
    message_moderated.disconnect(receiver)


@pytest.fixture
def held(member, group):
    group.premoderation_count = 1
    group.save()
    topic = Topic.objects.create(group=group, title="Week one")
    return submit(member, group, "held words", topic=topic).message


@pytest.fixture
def published(member, group):
    return submit(member, group, "hello all", kind=Kind.TOPIC, title="Hello").message


def test_approve_message_publishes_logs_and_tells(moderator, held, told, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve_message(moderator, held)
    held.refresh_from_db()
    assert held.status == Message.Status.PUBLISHED
    assert not QueueItem.objects.filter(message=held, status=QueueItem.Status.OPEN).exists()
    assert ModerationLog.objects.get(action="approve").target_user == held.author
    assert told[-1]["action"] == "approved" and told[-1]["message_id"] == held.pk


def test_approve_message_not_waiting_refused(moderator, published):
    with pytest.raises(ValidationError, match="not waiting"):
        actions.approve_message(moderator, published)


def test_remove_message_with_rule_cited(moderator, held, told, django_capture_on_commit_callbacks):
    reason = actions.explain("No selling or buying.", "Please keep it safe.")
    with django_capture_on_commit_callbacks(execute=True):
        actions.remove_message(moderator, held, reason)
    held.refresh_from_db()
    assert held.status == Message.Status.REMOVED
    assert told[-1]["action"] == "removed"
    assert '"No selling or buying."' in told[-1]["reason"]
    row = ModerationLog.objects.get(action="remove")
    assert (row.reason_code, row.reason_params, row.reason) == (
        "rule",
        {"rule": "No selling or buying."},
        "Please keep it safe.",
    )
    assert row.reason_text() == 'It goes against the group rule "No selling or buying.". Please keep it safe.'


def test_remove_message_needs_reason(moderator, held):
    with pytest.raises(ValidationError, match="Give a reason"):
        actions.remove_message(moderator, held, "")


def test_remove_message_broadcasts_removal(moderator, published, django_capture_on_commit_callbacks, monkeypatch):
    gone = []
    monkeypatch.setattr("groups.live.message_gone", lambda m: gone.append(m.pk))
    with django_capture_on_commit_callbacks(execute=True):
        actions.remove_message(moderator, published, "Rule 1")
    assert gone == [published.pk]


def test_edit_and_approve_keeps_revision(moderator, held, told, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        actions.edit_and_approve(moderator, held, "kinder **words**", "Removed a name.")
    held.refresh_from_db()
    assert held.status == Message.Status.PUBLISHED
    assert held.body_html == "<p>kinder <strong>words</strong></p>"
    assert held.revisions.get().body_source == "held words"
    assert "edited" in told[-1]["reason"]


def test_edit_and_approve_length_named(moderator, held):
    with pytest.raises(ValidationError, match="5,000"):
        actions.edit_and_approve(moderator, held, "x" * 5001)


def test_warn_member_logs_and_tells(moderator, published, told, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        actions.warn_member(moderator, published, "Be kind.")
    assert told[-1]["action"] == "warned"
    assert ModerationLog.objects.filter(action="warn", target_user=published.author).exists()
    published.refresh_from_db()
    assert published.status == Message.Status.PUBLISHED


def test_report_threshold_hides_message(group, published, other_member, moderator, owner, told,
                                        django_capture_on_commit_callbacks):  # fmt: skip
    group.report_threshold = 3
    group.save()
    for who in (other_member, moderator):
        assert actions.report_message(who, published, "Be kind.", "") is False  # reported, still shown
    published.refresh_from_db()
    assert published.status == Message.Status.PUBLISHED
    assert QueueItem.objects.filter(message=published, kind="reported", status=QueueItem.Status.OPEN).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        hidden = actions.report_message(owner, published, "", "It names someone")
    published.refresh_from_db()
    assert hidden and published.status == Message.Status.HIDDEN
    assert QueueItem.objects.filter(message=published, kind="reported", status=QueueItem.Status.OPEN).count() == 1
    assert told[-1]["action"] == "hidden"


def test_report_twice_by_same_person_counts_once(group, published, other_member):
    group.report_threshold = 2
    group.save()
    assert actions.report_message(other_member, published, "Be kind.", "") is False
    with pytest.raises(ValidationError, match="already"):
        actions.report_message(other_member, published, "Be kind.", "")
    assert Report.objects.count() == 1
    published.refresh_from_db()
    assert published.status == Message.Status.PUBLISHED


def test_report_own_message_refused(member, published):
    with pytest.raises(PermissionDenied, match="your own message"):
        actions.report_message(member, published, "Be kind.", "")
    assert not Report.objects.exists()


def test_report_unknown_rule_refused(other_member, published):
    with pytest.raises(ValidationError, match="one of the group's rules"):
        actions.report_message(other_member, published, "Made-up rule", "")
    assert not Report.objects.exists()


def test_report_needs_rule_or_note(other_member, published):
    with pytest.raises(ValidationError, match="write a few words"):
        actions.report_message(other_member, published, "", "")
    assert not Report.objects.exists()


def test_report_note_goes_through_pipeline_limits(other_member, published):
    with pytest.raises(ValidationError, match="1,000 characters"):
        actions.report_message(other_member, published, "", "x" * 1001)
    assert not Report.objects.exists()


def test_dismiss_reports_restores_hidden(group, published, other_member, moderator, told,
                                         django_capture_on_commit_callbacks):  # fmt: skip
    group.report_threshold = 1
    group.save()
    actions.report_message(other_member, published, "Be kind.", "")
    with django_capture_on_commit_callbacks(execute=True):
        actions.dismiss_reports(moderator, Message.objects.get(pk=published.pk))
    published.refresh_from_db()
    assert published.status == Message.Status.PUBLISHED
    assert Report.objects.get().dismissed_at is not None
    assert not QueueItem.objects.filter(status=QueueItem.Status.OPEN).exists()
    assert told[-1]["action"] == "restored"


def test_claim_item_only_one_moderator(moderator, owner, held):
    item = QueueItem.objects.get(message=held)
    assert actions.claim_item(moderator, item)
    assert not actions.claim_item(owner, item)
    assert not actions.release_item(owner, item)
    assert actions.release_item(moderator, item)
    assert actions.claim_item(owner, item)
    assert QueueItem.objects.get(pk=item.pk).claimed_by == owner


def test_add_moderator_note(moderator, member, group):
    note = actions.add_moderator_note(moderator, group, member, "Offered support <b>twice</b>.")
    assert note.text == "Offered support twice."
    assert ModeratorNote.objects.filter(group=group, member=member).count() == 1
    assert ModerationLog.objects.get(action="note").reason == ""


def test_delete_message_by_author_erases_text(member, published):
    submit(member, published.group, "edited", kind=Kind.EDIT, message=published)
    published.refresh_from_db()
    actions.delete_message(member, published)
    published.refresh_from_db()
    assert published.status == Message.Status.DELETED
    assert published.body_source == "" and not published.revisions.exists()


def test_delete_message_of_someone_else_refused(other_member, published):
    with pytest.raises(PermissionDenied, match="only delete your own"):
        actions.delete_message(other_member, published)


def test_moderate_topic_pin_and_lock_logged(moderator, published):
    topic = published.topic
    assert actions.moderate_topic(moderator, topic, pinned=True, locked=True) == ["pin", "lock"]
    assert set(ModerationLog.objects.values_list("action", flat=True)) == {"topic_pin", "topic_lock"}


def test_mute_from_queue_uses_groups_actions(moderator, held):
    from datetime import timedelta

    from django.utils import timezone

    pytest.importorskip("groups.membership.members")
    actions.mute_from_queue(moderator, held, timezone.now() + timedelta(days=1), "Cool off.")
    membership = held.author.memberships.get(group=held.group)
    assert membership.is_muted()


def test_ban_from_queue_bans_and_removes(moderator, held):
    from groups import access

    pytest.importorskip("groups.membership.members")
    actions.ban_from_queue(moderator, held, "Selling.")
    held.refresh_from_db()
    assert held.status == Message.Status.REMOVED
    assert access.standing(held.author, held.group).role == access.Role.BANNED


# Every action asks the gate again: a member without the right, or a moderator of another group,
# is refused even when a caller forgot to check (and nothing changes).
MODERATOR_ACTIONS = {
    "approve_message": lambda actor, m: actions.approve_message(actor, m),
    "remove_message": lambda actor, m: actions.remove_message(actor, m, "Rule 1"),
    "edit_and_approve": lambda actor, m: actions.edit_and_approve(actor, m, "other words"),
    "warn_member": lambda actor, m: actions.warn_member(actor, m, "Be kind."),
    "dismiss_reports": lambda actor, m: actions.dismiss_reports(actor, m),
    "claim_item": lambda actor, m: actions.claim_item(actor, m.queue_items.get()),
    "release_item": lambda actor, m: actions.release_item(actor, m.queue_items.get()),
    "moderate_topic": lambda actor, m: actions.moderate_topic(actor, m.topic, pinned=True, locked=True),
    "add_moderator_note": lambda actor, m: actions.add_moderator_note(actor, m.group, m.author, "A note"),
    "mute_from_queue": lambda actor, m: actions.mute_from_queue(actor, m, timezone.now() + timedelta(days=1), "x"),
    "ban_from_queue": lambda actor, m: actions.ban_from_queue(actor, m, "Rule 1"),
    "approve_all_held": lambda actor, m: actions.approve_all_held(actor, m.group, m.author),
}


@pytest.mark.parametrize("name", sorted(MODERATOR_ACTIONS))
@pytest.mark.parametrize("who", ["other_member", "other_group_moderator"])
def test_moderator_action_refused_without_the_right(request, name, who, held):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        MODERATOR_ACTIONS[name](actor, held)
    held.refresh_from_db()
    assert held.status == Message.Status.HELD and held.body_source == "held words"
    assert QueueItem.objects.get(message=held).status == QueueItem.Status.OPEN
    assert QueueItem.objects.get(message=held).claimed_by is None
    assert not ModerationLog.objects.exists()
    assert Membership.objects.filter(user=held.author, group=held.group).exists()


@pytest.mark.parametrize("who", ["outsider", "other_group_moderator"])
def test_report_and_delete_refused_outside_the_group(request, who, published):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        actions.report_message(actor, published, "Be kind.", "")
    with pytest.raises(PermissionDenied):
        actions.delete_message(actor, published)
    published.refresh_from_db()
    assert published.status == Message.Status.PUBLISHED and not Report.objects.exists()


def test_deleted_author_cannot_be_warned(moderator, held):
    Message.objects.filter(pk=held.pk).update(author=None)
    held.refresh_from_db()
    with pytest.raises(ValidationError, match="deleted their account"):
        actions.warn_member(moderator, held, "Be kind.")
    assert not ModerationLog.objects.exists()
