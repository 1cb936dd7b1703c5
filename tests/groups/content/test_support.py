"""Support conversations: a private line between one member and the people who keep the group safe.

Private means: only the member, the group's moderators and the people on duty read it; everyone else,
staff not on duty included, gets a 404; it is in no list, no topic page, no group socket; it ends, is
deleted SUPPORT_RETENTION_DAYS later, is in the member's export and goes with their account.
"""

import io
import json
import zipfile
from datetime import time, timedelta

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from accounts.deletion import delete_account
from accounts.export import build_zip
from accounts.models import Notification
from groups import access
from groups.content import frames as group_frames
from groups.content import messages as content_messages
from groups.content import support
from groups.models import Membership, Message, Topic
from moderation import pipeline
from moderation.duty.models import DutySlot
from moderation.models import ModerationLog
from tests.factories import UserFactory


def _say(user, topic, text):
    return pipeline.submit(user, topic.group, text, kind=pipeline.Kind.MESSAGE, topic=topic)


@pytest.fixture
def conversation(group, member, moderator):
    return support.start_by_helper(moderator, group, member)


def test_support_moderator_opens_and_the_member_is_told(group, member, moderator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        topic = support.start_by_helper(moderator, group, member)
    assert topic.support_member == member and topic.support_ended_at is None
    notice = Notification.objects.get(user=member, kind="support")
    assert notice.topic_id == topic.pk
    assert ModerationLog.objects.filter(group=group, action="support_opened", target_user=member).exists()
    assert support.start_by_helper(moderator, group, member) == topic  # one open conversation at a time


def test_support_member_and_moderator_talk_and_each_side_hears(
    client, conversation, member, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert _say(member, conversation, "I am not ok tonight").ok
    assert Notification.objects.filter(user=moderator, kind="support").exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert _say(moderator, conversation, "I am here. Do you want to tell me more?").ok
    assert Notification.objects.filter(user=member, kind="support", message__isnull=False).exists()
    client.force_login(member)
    page = client.get(reverse("groups:support-detail", args=[conversation.group.slug, conversation.pk]))
    assert page.status_code == 200
    assert "I am here. Do you want to tell me more?" in page.content.decode()


@pytest.mark.parametrize("who", ["outsider", "other_member", "other_group_moderator", "other_group_member", "staff"])
def test_support_is_404_for_everyone_else(client, request, conversation, who):
    person = request.getfixturevalue(who)
    client.force_login(person)
    slug = conversation.group.slug
    for name in ("groups:support-detail", "groups:support-history"):
        assert client.get(reverse(name, args=[slug, conversation.pk])).status_code == 404, (who, name)
    assert client.post(reverse("groups:support-end", args=[slug, conversation.pk])).status_code == 404
    assert (
        client.post(reverse("groups:support-detail", args=[slug, conversation.pk]), {"text": "hi"}).status_code == 404
    )
    assert not _say(person, conversation, "let me in").ok
    assert not conversation.messages.filter(author=person).exists()


def test_support_staff_on_duty_helps_and_leaves_with_the_shift(client, conversation, staff):
    now = timezone.localtime()
    slot = DutySlot.objects.create(user=staff, weekday=now.weekday(), start_time=time(0, 0), end_time=time(0, 0))
    client.force_login(staff)
    url = reverse("groups:support-detail", args=[conversation.group.slug, conversation.pk])
    assert client.get(url).status_code == 200
    slot.delete()
    assert client.get(url).status_code == 404


def test_support_never_leaks_into_the_group(client, group, conversation, member, other_member, moderator, chat):
    _say(member, conversation, "private words about my night")
    everyone = [other_member, moderator]
    for person in everyone:
        assert not access.visible_messages(person, group).filter(topic=conversation).exists()
        with pytest.raises(Http404):
            access.access_topic(person, group.slug, conversation.pk)
        assert content_messages.topic_in(group, conversation.pk) is None  # the group socket cannot reach it
        client.force_login(person)
        for url in (
            reverse("groups:topic-list", args=[group.slug]),
            reverse("groups:chat", args=[group.slug]),
            reverse("groups:group-home", args=[group.slug]),
        ):
            assert "private words about my night" not in client.get(url).content.decode()
        assert client.get(reverse("groups:topic-detail", args=[group.slug, conversation.pk])).status_code == 404
    frames = group_frames.handle_frame(
        other_member, group, {"type": "send", "topic": conversation.pk, "text": "sneak"}
    )[1]
    assert frames[0]["type"] == "error"
    history = group_frames.handle_frame(other_member, group, {"type": "history", "topic": conversation.pk})[1]
    assert history[0]["type"] == "error"


def test_support_is_never_held_and_muted_members_can_still_talk(group, member, moderator, muted):
    group.premoderation_count = 5
    group.save()
    newcomer = UserFactory()
    Membership.objects.create(group=group, user=newcomer, rules_version_accepted=1)
    topic = support.start_by_member(newcomer, group)
    result = _say(newcomer, topic, "my first words, to a moderator")
    assert result.outcome == pipeline.Outcome.PUBLISHED
    muted_topic = support.start_by_helper(moderator, group, muted)
    assert _say(muted, muted_topic, "Why was I muted?").ok


def test_support_members_cannot_open_one_with_another_member(client, group, member, other_member):
    client.force_login(member)
    response = client.post(reverse("groups:support-open-for", args=[group.slug, other_member.pk]))
    assert response.status_code in (403, 404)
    assert not Topic.objects.filter(support_member=other_member).exists()


def test_support_page_says_there_are_no_private_messages_between_members(client, group, member):
    client.force_login(member)
    page = client.get(reverse("groups:support-start", args=[group.slug])).content.decode()
    assert "no private messages between members" in page
    response = client.post(reverse("groups:support-start", args=[group.slug]))
    topic = Topic.objects.get(support_member=member)
    assert response["Location"] == reverse("groups:support-detail", args=[group.slug, topic.pk])


def test_support_ended_is_kept_for_the_days_the_page_says_then_deleted(client, conversation, member, settings):
    _say(member, conversation, "thank you")
    ended = timezone.now()
    support.end(member, conversation, now=ended)
    client.force_login(member)
    page = client.get(reverse("groups:support-detail", args=[conversation.group.slug, conversation.pk]))
    assert f"kept for {settings.SUPPORT_RETENTION_DAYS} days" in page.content.decode()
    assert not _say(member, conversation, "one more").ok
    assert support.purge_ended(now=ended + timedelta(days=settings.SUPPORT_RETENTION_DAYS - 1)) == 0
    assert support.purge_ended(now=ended + timedelta(days=settings.SUPPORT_RETENTION_DAYS, seconds=1)) > 0
    assert not Topic.objects.filter(pk=conversation.pk).exists()
    assert not Message.objects.filter(body_source="thank you").exists()


def test_support_is_in_the_members_export_not_the_helpers(conversation, member, moderator):
    _say(member, conversation, "what I told the moderator")
    _say(moderator, conversation, "what the moderator answered")
    data = json.loads(zipfile.ZipFile(io.BytesIO(build_zip(member))).read("data.json"))
    texts = [m["text"] for c in data["support_conversations"] for m in c["messages"]]
    assert texts == ["what I told the moderator", "what the moderator answered"]
    helper = json.loads(zipfile.ZipFile(io.BytesIO(build_zip(moderator))).read("data.json"))
    assert "what the moderator answered" not in json.dumps(helper)


@pytest.mark.parametrize("keep", [True, False])
def test_support_goes_with_the_account(conversation, member, moderator, keep):
    _say(member, conversation, "mine")
    _say(moderator, conversation, "theirs")
    delete_account(member, keep_messages=keep)
    assert not Topic.objects.filter(pk=conversation.pk).exists()
    assert not Message.objects.filter(body_source__in=["mine", "theirs"]).exists()


def test_support_list_shows_own_and_helped_conversations_only(client, group, conversation, member, other_member):
    client.force_login(member)
    assert (
        reverse("groups:support-detail", args=[group.slug, conversation.pk])
        in client.get(reverse("groups:support-list")).content.decode()
    )
    client.force_login(other_member)
    assert (
        reverse("groups:support-detail", args=[group.slug, conversation.pk])
        not in client.get(reverse("groups:support-list")).content.decode()
    )


def test_support_the_bell_does_not_ask_the_rota_group_by_group_for_staff_off_duty(
    conversation, staff, other_group, hidden_group, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        assert not access.visible_support_topics(staff).exists()


def test_support_ended_sentence_counts_days_in_the_readers_language(settings):
    from django.utils import translation

    settings.SUPPORT_RETENTION_DAYS = 1
    with translation.override("en"):
        assert "kept for 1 day," in support.ended_sentence()
    settings.SUPPORT_RETENTION_DAYS = 30
    with translation.override("fi"):
        assert "säilytetään 30 päivää" in support.ended_sentence()


def test_support_demo_has_a_conversation_mia_and_quiet_river_can_open(db, client, settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)  # twice: still one conversation with one message
    topic = Topic.objects.get(support_member__email="member@example.org", support_ended_at=None)
    assert topic.messages.count() == 1
    url = reverse("groups:support-detail", args=[topic.group.slug, topic.pk])
    from accounts.models import User

    for email, status in (("member@example.org", 200), ("moderator@example.org", 200), ("family@example.org", 404)):
        client.force_login(User.objects.get(email=email))
        assert client.get(url).status_code == status, email
