"""Topic pages: list, new topic, reading, replying, editing, deleting, reporting, pin/lock."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.models import Message, Topic
from moderation.models import QueueItem, Report, WatchedWord
from moderation.pipeline import Kind, submit


@pytest.fixture
def topic(member, group):
    return submit(member, group, "First message", kind=Kind.TOPIC, title="Sleep").message.topic


def _url(name, *args):
    return reverse(f"groups:{name}", args=args)


def test_topic_list_outsider_refused_with_next_step(login, outsider, group):
    response = login(outsider).get(_url("topic-list", group.slug))
    assert response.status_code == 403
    assert "Ask to join" in response.content.decode()


def test_topic_list_hidden_group_is_404_for_outsider(login, outsider, hidden_group):
    assert login(outsider).get(_url("topic-list", hidden_group.slug)).status_code == 404


def test_topic_list_anonymous_goes_to_login(client, group):
    response = client.get(_url("topic-list", group.slug))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_topic_list_pinned_first_then_activity_and_no_chat(login, member, group, chat):
    now = timezone.now()
    old = Topic.objects.create(group=group, title="Old pinned", pinned=True, last_activity_at=now - timedelta(days=9))
    new = Topic.objects.create(group=group, title="Fresh", last_activity_at=now)
    mid = Topic.objects.create(group=group, title="Middle", last_activity_at=now - timedelta(days=1))
    for t in (old, new, mid, chat):
        Message.objects.create(group=group, topic=t, author=member, body_source="x", body_html="x")
    response = login(member).get(_url("topic-list", group.slug))
    assert [t.pk for t in response.context["topics"]] == [old.pk, new.pk, mid.pk]


def test_topic_list_keyset_pages_cover_everything_once(login, member, group, settings):
    from groups.content import messages as content_messages

    now = timezone.now()
    for i in range(7):
        t = Topic.objects.create(group=group, title=f"T{i}", last_activity_at=now - timedelta(minutes=i % 3))
        Message.objects.create(group=group, topic=t, author=member, body_source="x", body_html="x")
    client = login(member)
    seen, cursor, pages = [], None, 0
    original = content_messages.TOPICS_PER_PAGE
    content_messages.TOPICS_PER_PAGE = 3
    try:
        while True:
            response = client.get(_url("topic-list", group.slug), {"before": cursor} if cursor else {})
            seen += [t.pk for t in response.context["topics"]]
            pages += 1
            cursor = response.context["next_cursor"]
            if not cursor:
                break
    finally:
        content_messages.TOPICS_PER_PAGE = original
    assert len(seen) == 7 and len(set(seen)) == 7
    assert pages == 3


def test_topic_list_query_count_does_not_grow(login, member, group, django_assert_max_num_queries):
    client = login(member)
    for i in range(40):
        t = Topic.objects.create(group=group, title=f"T{i}", created_by=member)
        Message.objects.create(group=group, topic=t, author=member, body_source="x", body_html="x")
    with django_assert_max_num_queries(12):
        response = client.get(_url("topic-list", group.slug))
    assert len(response.context["topics"]) == 25


def test_topic_list_hides_topic_whose_only_message_is_held_from_others(login, member, other_member, group):
    group.premoderation_count = 1
    group.save()
    submit(member, group, "first", kind=Kind.TOPIC, title="Waiting topic")
    assert b"Waiting topic" in login(member).get(_url("topic-list", group.slug)).content
    assert b"Waiting topic" not in login(other_member).get(_url("topic-list", group.slug)).content


def test_topic_list_bad_cursor_shows_first_page(login, member, group, topic):
    response = login(member).get(_url("topic-list", group.slug), {"before": "nonsense"})
    assert response.status_code == 200 and topic in response.context["topics"]


def test_topic_new_creates_topic(login, member, group):
    response = login(member).post(_url("topic-new", group.slug), {"title": "Hello", "body": "Nice to meet you"})
    topic = Topic.objects.get(title="Hello")
    assert response.status_code == 302 and response["Location"] == topic.get_absolute_url()


def test_topic_new_refused_keeps_text_and_says_why(login, member, group):
    WatchedWord.objects.create(pattern="secretword", action="refuse", reason="Please leave that out.")
    response = login(member).post(_url("topic-new", group.slug), {"title": "Hi", "body": "my secretword text"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Please leave that out." in body and "my secretword text" in body
    assert not Topic.objects.filter(title="Hi").exists()


def test_topic_new_too_long_names_limit_and_keeps_text(login, member, group):
    response = login(member).post(_url("topic-new", group.slug), {"title": "Hi", "body": "y" * 5001})
    assert "5,000 characters" in response.content.decode()
    assert "y" * 5001 in response.content.decode()


def test_topic_new_muted_member_refused(login, muted, group):
    response = login(muted).get(_url("topic-new", group.slug))
    assert response.status_code == 403 and "muted" in response.content.decode()


def test_topic_detail_reply_without_javascript(login, other_member, topic):
    client = login(other_member)
    response = client.post(_url("topic-detail", topic.group.slug, topic.pk), {"body": "Same here"})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Same here" in page.content.decode()
    topic.refresh_from_db()
    assert topic.reply_count == 1


def test_topic_detail_held_reply_marked_for_author_and_moderator_only(login, other_member, moderator, member,
                                                                      topic):  # fmt: skip
    topic.group.premoderation_count = 1
    topic.group.save()
    client = login(other_member)
    response = client.post(_url("topic-detail", topic.group.slug, topic.pk), {"body": "new here"}, follow=True)
    body = response.content.decode()
    assert "waiting for a moderator" in body.lower() and "new here" in body
    mod_page = login(moderator).get(_url("topic-detail", topic.group.slug, topic.pk)).content.decode()
    assert "new here" in mod_page and "Waiting for a moderator" in mod_page
    assert "new here" not in login(member).get(_url("topic-detail", topic.group.slug, topic.pk)).content.decode()


def test_topic_detail_crisis_shows_prompt(login, member, topic):
    WatchedWord.objects.create(pattern="want to die", action="crisis")
    response = login(member).post(
        _url("topic-detail", topic.group.slug, topic.pk), {"body": "I want to die"}, follow=True
    )
    assert reverse("crisis-help") in response.content.decode()
    assert response.context["crisis_prompt"]


def test_topic_detail_keyset_older_and_newer(login, member, group, topic):
    from groups.content import messages as content_messages

    for i in range(5):
        Message.objects.create(group=group, topic=topic, author=member, body_source=f"m{i}", body_html=f"m{i}")
    ids = list(topic.messages.order_by("id").values_list("id", flat=True))
    original = content_messages.MESSAGES_PER_PAGE
    content_messages.MESSAGES_PER_PAGE = 2
    try:
        client = login(member)
        first = client.get(_url("topic-detail", group.slug, topic.pk))
        assert [m.pk for m in first.context["page"]] == ids[:2] and first.context["has_newer"]
        newer = client.get(_url("topic-detail", group.slug, topic.pk), {"after": ids[1]})
        assert [m.pk for m in newer.context["page"]] == ids[2:4] and newer.context["has_older"]
        older = client.get(_url("topic-detail", group.slug, topic.pk), {"before": ids[4]})
        assert [m.pk for m in older.context["page"]] == ids[2:4]
    finally:
        content_messages.MESSAGES_PER_PAGE = original


def test_topic_detail_of_other_group_is_404(login, member, other_group):
    foreign = Topic.objects.create(group=other_group, title="Theirs")
    assert login(member).get(_url("topic-detail", "recovery-circle", foreign.pk)).status_code == 404


def test_topic_detail_locked_refuses_member_reply(login, other_member, topic):
    topic.locked = True
    topic.save()
    response = login(other_member).post(_url("topic-detail", topic.group.slug, topic.pk), {"body": "hi"})
    assert "locked" in response.content.decode()
    assert topic.messages.count() == 1


def test_message_edit_own_message(login, member, topic):
    message = topic.messages.get()
    response = login(member).post(_url("message-edit", topic.group.slug, message.pk), {"body": "Better words"})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.body_source == "Better words" and message.revisions.count() == 1


def test_message_edit_of_someone_else_is_refused(login, other_member, topic):
    message = topic.messages.get()
    response = login(other_member).get(_url("message-edit", topic.group.slug, message.pk))
    assert response.status_code == 403


def test_message_delete_own_message(login, member, topic):
    message = topic.messages.get()
    response = login(member).post(_url("message-delete", topic.group.slug, message.pk))
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == Message.Status.DELETED


def test_message_delete_by_someone_else_refused(login, other_member, topic):
    message = topic.messages.get()
    assert login(other_member).post(_url("message-delete", topic.group.slug, message.pk)).status_code == 403


def test_message_report_with_rule(login, other_member, topic):
    message = topic.messages.get()
    client = login(other_member)
    page = client.get(_url("message-report", topic.group.slug, message.pk))
    assert "No selling or buying." in page.content.decode()
    response = client.post(_url("message-report", topic.group.slug, message.pk), {"rule": "Be kind.", "note": "rude"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.rule == "Be kind." and report.note == "rude"
    assert QueueItem.objects.filter(kind="reported", message=message).exists()


def test_message_report_refusal_keeps_note(login, other_member, topic):
    message = topic.messages.get()
    response = login(other_member).post(_url("message-report", topic.group.slug, message.pk), {"note": "z" * 1001})
    assert "1,000 characters" in response.content.decode() and "z" * 1001 in response.content.decode()


def test_message_report_outsider_refused(login, outsider, topic):
    message = topic.messages.get()
    assert login(outsider).get(_url("message-report", topic.group.slug, message.pk)).status_code == 403


def test_message_of_other_group_not_reachable_through_my_group(login, member, other_group, other_group_member):
    theirs = submit(other_group_member, other_group, "private", kind=Kind.TOPIC, title="x").message
    assert login(member).get(_url("message-report", "recovery-circle", theirs.pk)).status_code == 404


def test_topic_moderate_pins_and_locks(login, moderator, topic):
    response = login(moderator).post(
        _url("topic-moderate", topic.group.slug, topic.pk), {"pinned": "on", "locked": "on"}
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.pinned and topic.locked


def test_topic_moderate_member_refused(login, member, topic):
    assert login(member).post(_url("topic-moderate", topic.group.slug, topic.pk), {"pinned": "on"}).status_code == 403
    topic.refresh_from_db()
    assert not topic.pinned


def _reply_as(client, topic, capture, text="Same here"):
    with capture(execute=True):
        response = client.post(_url("topic-detail", topic.group.slug, topic.pk), {"body": text})
    assert response.status_code == 302


def _replies_for(user):
    from accounts.models import Notification

    return Notification.objects.filter(user=user, kind=Notification.Kind.REPLY).count()


def test_topic_follow_then_reply_notifies_follower(login, moderator, other_member, topic,
                                                    django_capture_on_commit_callbacks):  # fmt: skip
    client = login(moderator)
    assert client.get(_url("topic-detail", topic.group.slug, topic.pk)).context["following"] is False
    response = client.post(_url("topic-follow", topic.group.slug, topic.pk), {"follow": "1"}, follow=True)
    assert "You will be notified of new replies." in response.content.decode()
    assert response.context["following"] is True
    assert 'aria-pressed="true"' in response.content.decode()
    _reply_as(login(other_member), topic, django_capture_on_commit_callbacks)
    assert _replies_for(moderator) == 1


def test_topic_unfollow_stops_reply_notifications(login, member, other_member, topic,
                                                  django_capture_on_commit_callbacks):  # fmt: skip
    client = login(member)
    client.post(_url("topic-follow", topic.group.slug, topic.pk), {"follow": "1"})
    response = client.post(_url("topic-follow", topic.group.slug, topic.pk), {"follow": "0"}, follow=True)
    assert "You will no longer be notified of replies." in response.content.decode()
    assert 'aria-pressed="false"' in response.content.decode()
    _reply_as(login(other_member), topic, django_capture_on_commit_callbacks)
    assert _replies_for(member) == 0


def test_topic_follow_outsider_refused_and_hidden_group_404(login, outsider, topic, hidden_group, other_member):
    from accounts.models import TopicFollow

    response = login(outsider).post(_url("topic-follow", topic.group.slug, topic.pk), {"follow": "1"})
    assert response.status_code == 403
    hidden_topic = Topic.objects.create(group=hidden_group, title="Quiet", created_by=other_member)
    response = login(outsider).post(_url("topic-follow", hidden_group.slug, hidden_topic.pk), {"follow": "1"})
    assert response.status_code == 404
    assert not TopicFollow.objects.filter(user=outsider).exists()


def test_topic_follow_chat_topic_is_404(login, member, chat):
    response = login(member).post(_url("topic-follow", chat.group.slug, chat.pk), {"follow": "1"})
    assert response.status_code == 404


def test_topic_follow_get_not_allowed(login, member, topic):
    assert login(member).get(_url("topic-follow", topic.group.slug, topic.pk)).status_code == 405


def test_topic_detail_with_follow_button_stays_within_query_budget(login, member, topic,
                                                                   django_assert_max_num_queries):  # fmt: skip
    client = login(member)
    # 12, plus the read mark (moved, or made on a first visit) and the list of people the member ignores.
    with django_assert_max_num_queries(14):
        assert client.get(_url("topic-detail", topic.group.slug, topic.pk)).status_code == 200


def test_topic_detail_crisis_prompt_speaks_the_messages_language_once(login, member, topic):
    client = login(member)  # the member's pages are in English
    url = _url("topic-detail", topic.group.slug, topic.pk)
    response = client.post(url, {"body": "en jaksa enää, haluan vaan kuolla"}, follow=True)
    assert response.context["crisis_language"] == "fi"
    page = response.content.decode()
    assert 'crisis-prompt" role="status" lang="fi"' in page and "Et ole yksin" in page
    again = client.get(url)
    assert not again.context["crisis_prompt"]  # once per message, not on every visit
    session = client.session
    assert "en jaksa" not in str(dict(session.items()))  # the session holds a language code, never the words
