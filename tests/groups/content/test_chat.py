"""Chat logic without sockets (groups/content/messages.py and frames.py, groups/presence.py) and the chat pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from groups import presence
from groups.content import frames
from groups.content import messages as content_messages
from groups.membership import members as group_members
from groups.models import Membership, Message
from moderation import pipeline


def post(user, chat_topic, text):
    return pipeline.submit(user, chat_topic.group, text, topic=chat_topic).message


@pytest.fixture
def many(chat, other_member):
    return [post(other_member, chat, f"message {n}") for n in range(7)]


def test_history_page_pages_back_by_id(member, chat, many):
    page = chat_history(member, chat, before=None, limit=3)
    assert [m.pk for m in page.messages] == [m.pk for m in many[-3:]]
    assert page.more
    older = chat_history(member, chat, before=page.messages[0].pk, limit=3)
    assert [m.pk for m in older.messages] == [m.pk for m in many[1:4]]
    last = chat_history(member, chat, before=older.messages[0].pk, limit=3)
    assert [m.pk for m in last.messages] == [many[0].pk] and not last.more


def chat_history(user, topic, **kwargs):
    return content_messages.history_page(user, topic.group, topic, **kwargs)


def test_history_page_hides_others_held_messages_but_shows_own(group, member, other_member, chat):
    group.premoderation_count = 3
    group.save()
    mine, theirs = post(member, chat, "mine"), post(other_member, chat, "theirs")
    assert mine.status == theirs.status == Message.Status.HELD
    assert [m.pk for m in chat_history(member, chat).messages] == [mine.pk]


def test_history_page_is_empty_for_outsider(outsider, chat, many):
    assert chat_history(outsider, chat).messages == []


def test_history_page_ignores_garbage_before(member, chat, many):
    assert len(chat_history(member, chat, before="'; drop table").messages) == len(many)


def test_messages_after_replays_in_order_and_caps(member, chat, many):
    page = content_messages.messages_after(member, chat.group, chat, many[1].pk, limit=3) if False else None  # noqa: SIM108
    page = _after(member, chat, many[1].pk, limit=3)
    assert [m.pk for m in page.messages] == [m.pk for m in many[2:5]] and page.more
    rest = _after(member, chat, page.messages[-1].pk, limit=3)
    assert [m.pk for m in rest.messages] == [m.pk for m in many[5:]] and not rest.more


def _after(user, topic, after, limit):
    return content_messages.messages_after(user, topic.group, topic, after, limit=limit)


def test_messages_after_excludes_removed(member, chat, many):
    Message.objects.filter(pk=many[3].pk).update(status="removed")
    assert many[3].pk not in [m.pk for m in _after(member, chat, 0, 50).messages]


def test_mark_read_only_moves_forward_and_not_past_newest(group, member, chat, many):
    assert group_members.mark_read(member, group, many[3].pk) == many[3].pk
    assert group_members.mark_read(member, group, many[1].pk) == many[3].pk
    assert group_members.mark_read(member, group, 10**12) == many[-1].pk


def test_mark_read_without_membership_changes_nothing(outsider, group, many):
    assert group_members.mark_read(outsider, group, many[0].pk) is None
    assert not Membership.objects.filter(user=outsider).exists()


def test_first_unread_id_skips_own_messages(group, member, chat, many):
    group_members.mark_read(member, group, many[2].pk)
    post(member, chat, "my own")
    assert content_messages.first_unread_id(member, group, chat) == many[3].pk
    group_members.mark_read(member, group, many[-1].pk)
    assert content_messages.first_unread_id(member, group, chat) is None


@pytest.mark.parametrize("mark_at", [None, 0, 1, 2, 3, 4, 5, 6])
@pytest.mark.parametrize("limit", [3, 7, 50])
def test_the_marker_from_the_page_agrees_with_the_query(group, member, chat, many, mark_at, limit):
    """Wherever the mark stands (before the page, on it, past it), and pages that hold everything or not."""
    post(member, chat, "my own, never unread")
    mark = 0 if mark_at is None else many[mark_at].pk
    expected = content_messages.first_unread_id(member, group, chat, mark)
    for before in (None, many[4].pk):
        page = chat_history(member, chat, before=before, limit=limit)
        on_page = content_messages.first_unread_on(page, member, group, chat, mark)
        shown = {m.pk for m in page.messages}
        # What the marker needs: the same message when it is on this page, and none on the page otherwise.
        assert (on_page if on_page in shown else None) == (expected if expected in shown else None)


def test_topic_in_refuses_other_groups_topic(group, other_group):
    assert content_messages.topic_in(group, other_group.chat_topic().pk) is None
    assert content_messages.topic_in(group, None).is_chat


def test_frame_send_refused_for_muted_member(group, muted, chat):
    (reply,) = frames.frame_send(muted, group, {"type": "send", "text": "hello"})
    assert reply["type"] == "error" and reply["code"] == "refused" and "muted" in reply["message"]


def test_frame_send_refuses_missing_text(group, member, chat):
    (reply,) = frames.frame_send(member, group, {"type": "send"})
    assert reply["code"] == "bad_request"


def test_recheck_refuses_deactivated_account(group, member):
    member.is_active = False
    member.save()
    assert frames.recheck(member, group) == (None, False)


def test_presence_counts_visible_people_once(group):
    presence.touch(group.pk, "chan-a", 1, True)
    presence.touch(group.pk, "chan-b", 1, True)
    presence.touch(group.pk, "chan-c", 2, False)
    assert presence.count(group.pk) == 1
    assert presence.leave(group.pk, "chan-a") == 1
    assert presence.leave(group.pk, "chan-b") == 0


def test_presence_cleanup_drops_stale_sockets(group):
    presence.touch(group.pk, "chan-a", 1, True, now=1000)
    presence.touch(group.pk, "chan-b", 2, True, now=999 + presence.TTL)
    assert presence.cleanup_stale([group.pk], now=1001 + presence.TTL) == {group.pk: 1}
    assert presence.count(group.pk, now=1001 + presence.TTL) == 1


def test_presence_announcements_are_coalesced_per_group(group):
    from django.core.cache import cache

    assert presence.claim_announcement(group.pk, 1)
    assert not presence.claim_announcement(group.pk, 2)  # within the window: the last count waits
    assert presence.claim_announcement(group.pk + 1000, 2)  # another group has a window of its own
    cache.delete(presence._window_key(group.pk))  # the window passed
    presence.touch(group.pk, "chan-a", 1, True)
    presence.touch(group.pk, "chan-b", 2, True)
    assert presence.settle(group.pk) == (2, True)
    cache.delete(presence._window_key(group.pk))
    assert presence.settle(group.pk) == (2, False)  # unchanged: nothing to announce


# --- the pages ---------------------------------------------------------------


def test_chat_page_shows_messages_and_unread_marker(login, group, member, chat, many):
    group_members.mark_read(member, group, many[4].pk)
    response = login(member).get(reverse("groups:chat", args=[group.slug]))
    html = response.content.decode()
    assert "message 6" in html
    assert html.index('id="unread-marker"') < html.index(f'id="m{many[5].pk}"')
    assert Membership.objects.get(group=group, user=member).last_read_message_id == many[-1].pk


def test_chat_page_posts_without_javascript(login, group, member, other_member, chat):
    client = login(member)
    response = client.post(reverse("groups:chat", args=[group.slug]), {"text": "Still up?"})
    assert response.status_code == 302
    assert "Still up?" in login(other_member).get(reverse("groups:chat", args=[group.slug])).content.decode()


def test_chat_page_keeps_text_when_refused(login, group, member, chat):
    text = "z" * 5001
    response = login(member).post(reverse("groups:chat", args=[group.slug]), {"text": text})
    assert response.status_code == 200
    assert text in response.content.decode() and "5,000" in response.content.decode()


def test_chat_page_refuses_outsider_and_hides_hidden_group(login, outsider, group, hidden_group):
    client = login(outsider)
    assert client.get(reverse("groups:chat", args=[group.slug])).status_code == 403
    assert client.get(reverse("groups:chat", args=[hidden_group.slug])).status_code == 404
    assert client.get(reverse("groups:chat-history", args=[hidden_group.slug])).status_code == 404


def test_chat_history_returns_json_pages(login, group, member, chat, many):
    url = reverse("groups:chat-history", args=[group.slug])
    data = login(member).get(url, {"before": many[2].pk}).json()
    assert [m["id"] for m in data["messages"]] == [many[0].pk, many[1].pk]
    assert data["more"] is False


def test_chat_page_query_count_does_not_grow_with_messages(login, group, member, other_member, chat, many):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(member)
    url = reverse("groups:chat", args=[group.slug])
    client.get(url)  # warm-up: some pages fill a cache on the first visit
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    Message.objects.bulk_create(
        Message(group=group, topic=chat, author=author, body_source="more", body_html="<p>more</p>")
        for author in [member, other_member] * 10
    )
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more) == len(few)
    assert "more" in client.get(url).content.decode()


def test_frame_send_query_count_is_small(group, member, chat, django_capture_on_commit_callbacks, settings):
    """A chat message costs a handful of queries whatever the group's size: one re-check, no repeats."""
    settings.MFA_REQUIRED_FOR_MODERATORS = True  # as in production: the re-check also asks about a second factor
    frames.handle_frame(member, group, {"type": "send", "text": "warm-up"})
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        fresh, replies = frames.handle_frame(member, group, {"type": "send", "text": "hello there"})
    assert fresh == member and replies[0]["type"] == "ack"
    # re-check (person + membership + ban + whether they moderate anywhere, have a second factor, and the newest
    # rules version, in one), topic, insert, topic counters and the test transaction's two savepoints. The
    # watched words come from the process's copy (moderation/watched_words.py), the broadcast reads nothing (it
    # sends the message as the pipeline saved it), and a line that names nobody queues no notification task.
    sql = "\n".join(q["sql"][:200] for q in queries.captured_queries)
    assert len(queries) <= 6, sql
    assert not any('FROM "moderation_watchedword"' in q["sql"] for q in queries.captured_queries), sql
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert not any(q.startswith('SELECT "groups_grouprules"') for q in reads), sql  # read in the re-check
    assert not any('FROM "groups_message"' in q for q in reads), sql
    assert sum('FROM "groups_membership"' in q for q in reads) == 1, sql  # the re-check only


def test_resume_names_messages_removed_while_the_client_was_away(group, member, moderator, chat, many):
    from moderation.actions import remove_message

    shown = [m.pk for m in many]
    remove_message(moderator, many[2], "Please keep names private.")
    reply = frames.frame_resume(member, group, {"type": "resume", "after": shown[-1], "have": shown})[0]
    assert reply["gone"] == [many[2].pk]
    assert reply["messages"] == []


def test_resume_gone_says_nothing_about_other_groups_or_garbage(group, other_group, member, chat, many):
    elsewhere = other_group.chat_topic()
    foreign = Message.objects.create(group=other_group, topic=elsewhere, body_source="x", body_html="<p>x</p>")
    have = [many[0].pk, foreign.pk, 99_999_999, "junk", -4]
    reply = frames.frame_resume(member, group, {"type": "resume", "after": many[-1].pk, "have": have})[0]
    # Foreign and absent ids are answered alike: "not yours to see", never whether they exist.
    assert reply["gone"] == sorted([foreign.pk, 99_999_999])
    not_a_list = frames.frame_resume(member, group, {"type": "resume", "after": 0, "have": "1,2"})[0]
    assert not_a_list["gone"] == []


def test_chat_page_words_presence_as_others_never_counting_the_reader(login, group, member, chat):
    html = login(member).get(reverse("groups:chat", args=[group.slug])).content.decode()
    assert 'data-t-presence-none="Nobody else is here right now"' in html
    assert 'data-t-presence-many="%(count)s others here"' in html
    assert "peer here" not in html and "peers here" not in html


def test_a_send_frame_waits_for_changed_rules_to_be_accepted(group, member, moderator, chat):
    """The frame's re-check reads the newest rules version with the membership: a member who has not accepted
    the changed rules is told so, a moderator is not held back, and accepting lets the member write again."""
    from groups.models import GroupRules

    GroupRules.objects.create(group=group, version=2, text="New.")
    _fresh, replies = frames.handle_frame(member, group, {"type": "send", "text": "hello", "client_id": "c-1"})
    assert replies[0]["type"] == "error" and "rules have changed" in replies[0]["message"]
    assert not Message.objects.filter(author=member).exists()
    _fresh, replies = frames.handle_frame(moderator, group, {"type": "send", "text": "hi all"})
    assert replies[0]["type"] == "ack"
    Membership.objects.filter(group=group, user=member).update(rules_version_accepted=2)
    _fresh, replies = frames.handle_frame(member, group, {"type": "send", "text": "hello", "client_id": "c-1"})
    assert replies[0]["type"] == "ack"
