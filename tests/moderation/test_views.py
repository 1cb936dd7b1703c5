"""The moderation queue in the browser: who sees it, order, item page, decisions, notes, log."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.models import JoinRequest, Message, Topic
from moderation.models import ModerationLog, ModeratorNote, QueueItem
from moderation.pipeline import submit


@pytest.fixture
def held(member, group):
    group.premoderation_count = 1
    group.save()
    topic = Topic.objects.create(group=group, title="Week one")
    message = submit(member, group, "held words", topic=topic).message
    return QueueItem.objects.get(message=message, kind="held")


def _url(name, *args):
    return reverse(f"moderation:{name}", args=args)


def test_queue_member_refused_with_next_step(login, member):
    response = login(member).get(_url("queue"))
    assert response.status_code == 403 and "report" in response.content.decode()


def test_queue_anonymous_goes_to_login(client):
    assert client.get(_url("queue"))["Location"].startswith(reverse("account_login"))


def test_queue_moderator_sees_only_own_groups(login, moderator, held, other_group, other_group_member):
    other_group.premoderation_count = 1
    other_group.save()
    theirs = submit(other_group_member, other_group, "family held", topic=other_group.chat_topic()).message
    assert theirs.status == Message.Status.HELD
    body = login(moderator).get(_url("queue")).content.decode()
    assert "held words" in body and "family held" not in body


def test_queue_staff_sees_all_groups(login, staff, held, other_group, other_group_member):
    other_group.premoderation_count = 1
    other_group.save()
    submit(other_group_member, other_group, "family held", topic=other_group.chat_topic())
    body = login(staff).get(_url("queue")).content.decode()
    assert "held words" in body and "family held" in body


def test_group_queue_urgent_first_then_oldest(login, moderator, group, member):
    topic = Topic.objects.create(group=group, title="t")
    m = Message.objects.create(group=group, topic=topic, author=member, body_source="x", body_html="x")
    old = QueueItem.objects.create(group=group, kind="held", message=m, created_at=timezone.now() - timedelta(days=2))
    new = QueueItem.objects.create(group=group, kind="held", message=m)
    urgent = QueueItem.objects.create(group=group, kind="urgent", message=m, urgent=True)
    response = login(moderator).get(_url("group-queue", group.slug))
    assert [i.pk for i in response.context["items"]] == [urgent.pk, old.pk, new.pk]


def test_group_queue_filter_by_kind(login, moderator, held, group):
    response = login(moderator).get(_url("group-queue", group.slug), {"kind": "reported"})
    assert list(response.context["items"]) == []


def test_group_queue_other_group_moderator_refused(login, other_group_moderator, group, hidden_group):
    assert login(other_group_moderator).get(_url("group-queue", group.slug)).status_code == 403
    assert login(other_group_moderator).get(_url("group-queue", hidden_group.slug)).status_code == 404


def test_group_queue_member_refused(login, member, group):
    assert login(member).get(_url("group-queue", group.slug)).status_code == 403


def test_group_queue_links_join_requests(login, moderator, applicant, group):
    request = JoinRequest.objects.get(user=applicant)
    QueueItem.objects.get_or_create(group=group, kind="join_request", join_request=request)
    body = login(moderator).get(_url("group-queue", group.slug)).content.decode()
    assert reverse("groups:join-request-detail", args=[group.slug, request.pk]) in body


def test_item_detail_shows_context_and_history(login, moderator, held, group, member):
    ModerationLog.objects.create(group=group, actor=moderator, action="warn", target_user=member, reason="Earlier")
    response = login(moderator).get(_url("item-detail", group.slug, held.pk))
    body = response.content.decode()
    assert "held words" in body and "Earlier" in body


def test_item_detail_of_other_group_item_is_404(login, moderator, other_group, other_group_member):
    other_group.premoderation_count = 1
    other_group.save()
    msg = submit(other_group_member, other_group, "x", topic=other_group.chat_topic()).message
    item = QueueItem.objects.get(message=msg)
    assert login(moderator).get(_url("item-detail", "recovery-circle", item.pk)).status_code == 404


def test_item_claim_blocks_second_moderator(login, moderator, owner, held, group, client):
    login(moderator).post(_url("item-claim", group.slug, held.pk))
    assert QueueItem.objects.get(pk=held.pk).claimed_by == moderator
    client.force_login(owner)
    response = client.post(_url("item-act", group.slug, held.pk), {"action": "approve"}, follow=True)
    assert "Another moderator" in response.content.decode()
    assert Message.objects.get(pk=held.message_id).status == Message.Status.HELD


def test_item_release(login, moderator, held, group):
    client = login(moderator)
    client.post(_url("item-claim", group.slug, held.pk))
    client.post(_url("item-release", group.slug, held.pk))
    assert QueueItem.objects.get(pk=held.pk).claimed_by is None


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"action": "approve"}, "published"),
        ({"action": "remove", "rule": "No selling or buying."}, "removed"),
        ({"action": "edit", "text": "edited text", "note": "took out a name"}, "published"),
        ({"action": "warn", "note": "please be careful"}, "held"),
    ],
)
def test_item_act_decisions(login, moderator, held, group, data, status):
    response = login(moderator).post(_url("item-act", group.slug, held.pk), data)
    assert response.status_code == 302
    assert Message.objects.get(pk=held.message_id).status == status
    assert ModerationLog.objects.filter(group=group, actor=moderator).exists()


def test_item_act_remove_without_reason_keeps_form(login, moderator, held, group):
    response = login(moderator).post(_url("item-act", group.slug, held.pk), {"action": "remove"})
    assert response.status_code == 400
    assert "Tell the member why" in response.content.decode()
    assert Message.objects.get(pk=held.message_id).status == "held"


def test_item_act_dismiss_reports(login, moderator, group, member, other_member):
    from moderation import actions

    group.report_threshold = 1
    group.save()
    message = submit(member, group, "fine words", topic=group.chat_topic()).message
    actions.report_message(other_member, message, "Be kind.", "")
    item = QueueItem.objects.get(kind="reported")
    login(moderator).post(_url("item-act", group.slug, item.pk), {"action": "dismiss"})
    assert Message.objects.get(pk=message.pk).status == "published"


def test_item_act_mute(login, moderator, held, group, member):
    pytest.importorskip("groups.membership.members")
    login(moderator).post(_url("item-act", group.slug, held.pk), {"action": "mute", "mute_days": 2, "note": "pause"})
    assert member.memberships.get(group=group).is_muted()


def test_item_act_ban(login, moderator, held, group, member):
    from groups import access

    pytest.importorskip("groups.membership.members")
    login(moderator).post(_url("item-act", group.slug, held.pk), {"action": "ban", "rule": "Be kind."})
    assert access.standing(member, group).role == access.Role.BANNED
    assert Message.objects.get(pk=held.message_id).status == "removed"


def test_item_act_member_refused(login, member, held, group):
    assert login(member).post(_url("item-act", group.slug, held.pk), {"action": "approve"}).status_code == 403


def test_message_remove_from_topic_page(login, moderator, group, member):
    message = submit(member, group, "remove me", topic=group.chat_topic()).message
    client = login(moderator)
    assert client.get(_url("message-remove", group.slug, message.pk)).status_code == 200
    client.post(_url("message-remove", group.slug, message.pk), {"rule": "Be kind."})
    assert Message.objects.get(pk=message.pk).status == "removed"


def test_member_notes_add_and_list(login, moderator, group, member):
    client = login(moderator)
    client.post(_url("member-notes", group.slug, member.pk), {"text": "Checked in by chat."})
    assert ModeratorNote.objects.get().text == "Checked in by chat."
    assert "Checked in by chat." in client.get(_url("member-notes", group.slug, member.pk)).content.decode()


def test_member_notes_stranger_is_404(login, moderator, group, outsider):
    assert login(moderator).get(_url("member-notes", group.slug, outsider.pk)).status_code == 404


def test_member_notes_hidden_from_members(login, member, other_member, group):
    assert login(other_member).get(_url("member-notes", group.slug, member.pk)).status_code == 403


def test_log_for_moderators_and_staff(login, moderator, staff, member, group):
    ModerationLog.objects.create(group=group, actor=moderator, action="warn", target_user=member, reason="Kindly")
    assert "Kindly" in login(moderator).get(_url("log", group.slug)).content.decode()
    assert login(staff).get(_url("log", group.slug)).status_code == 200
    assert login(member).get(_url("log", group.slug)).status_code == 403


def test_nav_shows_queue_link_with_count_to_moderators_only(login, moderator, member, held, group):
    page = login(moderator).get(reverse("groups:topic-list", args=[group.slug])).content.decode()
    assert reverse("moderation:queue") in page
    assert reverse("moderation:queue") not in login(member).get(reverse("home")).content.decode()
