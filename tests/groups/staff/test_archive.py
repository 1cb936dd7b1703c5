"""Archiving a group that has ended (staff): its members keep reading, nobody writes or joins, it leaves the
list others can find, support conversations go on, every step is logged, and it can be opened again."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from groups.content import frames, support
from groups.membership import actions as membership_actions
from groups.models import Group, Message
from groups.staff import actions
from groups.staff.dashboard import dashboard
from moderation import pipeline
from moderation.models import ModerationLog

pytestmark = pytest.mark.django_db
ARCHIVED = "was archived on"


@pytest.fixture
def archived(group, staff, member, chat):
    Message.objects.create(group=group, topic=chat, author=member, body_source="before", body_html="<p>before</p>")
    actions.archive_group(staff, Group.objects.get(pk=group.pk))
    return Group.objects.get(pk=group.pk)


def test_staff_archive_from_the_settings_page_and_it_is_logged(client, staff, group):
    client.force_login(staff)
    page = client.get(reverse("groups:staff-group-edit", args=[group.slug])).content.decode()
    assert reverse("groups:staff-group-archive", args=[group.slug]) in page
    response = client.post(reverse("groups:staff-group-archive", args=[group.slug]), follow=True)
    assert "is archived. Its members can still read it." in response.content.decode()
    assert Group.objects.get(pk=group.pk).archived_at is not None
    assert ModerationLog.objects.filter(group=group, actor=staff, action="group_archived").exists()


def test_members_read_but_nobody_writes_in_chat_or_topics(archived, login, member, moderator, chat):
    client = login(member)
    page = client.get(reverse("groups:chat", args=[archived.slug])).content.decode()
    assert "before" in page and ARCHIVED in page
    for person in (member, moderator):
        result = pipeline.submit(person, archived, "still here?", topic=chat)
        assert not result.ok and ARCHIVED in result.reason
    assert not Message.objects.filter(body_source="still here?").exists()


def test_a_socket_opened_before_the_archiving_cannot_send(group, staff, member, chat):
    stale = Group.objects.get(pk=group.pk)  # the consumer's copy, loaded when the socket opened
    actions.archive_group(staff, Group.objects.get(pk=group.pk))
    fresh, replies = frames.handle_frame(member, stale, {"type": "send", "text": "after the end"})
    assert fresh is not None  # still allowed to read: the socket stays
    assert replies[0]["type"] == "error" and ARCHIVED in replies[0]["message"]
    assert not Message.objects.filter(body_source="after the end").exists()


def test_archiving_moves_the_members_access_stamps(group, staff, member):
    before = get_user_model().objects.get(pk=member.pk).access_stamp
    actions.archive_group(staff, Group.objects.get(pk=group.pk))
    assert get_user_model().objects.get(pk=member.pk).access_stamp != before


def test_it_leaves_the_list_and_outsiders_get_404(archived, login, outsider):
    client = login(outsider)
    assert archived.name not in client.get(reverse("groups:group-list")).content.decode()
    assert client.get(reverse("groups:group-home", args=[archived.slug])).status_code == 404


def test_nobody_joins_by_request_invitation_or_approval(archived, moderator, outsider, applicant):
    assert "archived" in membership_actions.join_refusal(outsider, archived)
    week = timezone.now() + timedelta(days=7)
    invitation, _token = membership_actions.create_invitation(moderator, archived, week, 5)
    assert "archived" in membership_actions.invitation_refusal(outsider, invitation)
    pending = applicant.join_requests.get(group=archived)
    with pytest.raises(PermissionDenied, match="archived"):
        membership_actions.approve_join_request(moderator, pending)


def test_the_member_is_told_on_the_group_page_and_in_their_list(archived, login, member):
    client = login(member)
    home = client.get(reverse("groups:group-home", args=[archived.slug])).content.decode()
    assert ARCHIVED in home and "talk privately with a moderator" in home
    assert "Archived" in client.get(reverse("home")).content.decode()


def test_support_conversations_go_on(archived, member):
    topic = support.start_by_member(member, archived)
    assert pipeline.submit(member, archived, "can we still talk", topic=topic).ok


def test_opened_again_members_write_again(archived, staff, member, chat):
    actions.unarchive_group(staff, archived)
    assert pipeline.submit(member, archived, "we are back", topic=chat).ok
    assert ModerationLog.objects.filter(group=archived, action="group_unarchived").exists()


@pytest.mark.parametrize("person", ["member", "moderator", "owner"])
def test_only_staff_archive(request, group, person):
    with pytest.raises(PermissionDenied):
        actions.archive_group(request.getfixturevalue(person), group)
    assert Group.objects.get(pk=group.pk).archived_at is None


def test_a_topic_page_says_why_there_is_no_reply_form(archived, login, member):
    topic = archived.topics.create(title="An old topic", created_by=member)
    Message.objects.create(group=archived, topic=topic, author=member, body_source="old", body_html="<p>old</p>")
    page = login(member).get(reverse("groups:topic-detail", args=[archived.slug, topic.pk])).content.decode()
    assert ARCHIVED in page and 'id="reply-form"' not in page


def test_the_dashboard_warns_about_no_archived_group(other_group, staff):
    assert other_group in dashboard().no_moderator  # nobody moderates it, and it is open
    actions.archive_group(staff, other_group)
    board = dashboard()
    assert other_group not in board.no_moderator
    assert other_group.pk not in [g.pk for g, _gaps in board.uncovered]
