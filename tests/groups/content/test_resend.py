"""Nothing typed is sent twice (issue 18): at most one message per (author, client id), whatever path a resend
takes (the pipeline, the chat and support sockets' frames, the no-script form) and even when two processes
save the same resend at once."""

import threading
import time
from datetime import UTC, datetime

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from accounts.models import Notification
from groups.content import frames, support, support_frames
from groups.models import Message
from moderation import pipeline
from moderation.pipeline import Outcome, submit

ON_POSTGRES = connection.vendor == "postgresql"


def send_frame(text, client_id, **extra):
    return {"type": "send", "text": text, "client_id": client_id, **extra}


def test_the_database_keeps_one_message_per_author_and_client_id(member, other_member, chat):
    fields = {"group": chat.group, "topic": chat, "body_source": "hi", "body_html": "<p>hi</p>"}
    Message.objects.create(author=member, client_id="a1", **fields)
    Message.objects.create(author=other_member, client_id="a1", **fields)  # someone else's "a1" is theirs
    Message.objects.create(author=member, **fields)
    Message.objects.create(author=member, **fields)  # no client id (older clients, imports): no limit
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.create(author=member, client_id="a1", **fields)
    assert Message.objects.filter(author=member).count() == 3


def test_a_resend_answers_the_stored_message_and_saves_nothing_new(
    member, other_member, chat, django_capture_on_commit_callbacks
):
    text = "thanks @other member, that helped"
    with django_capture_on_commit_callbacks(execute=True):
        first = submit(member, chat.group, text, topic=chat, client_id="k-1")
    with django_capture_on_commit_callbacks(execute=True) as again_callbacks:
        again = submit(member, chat.group, text, topic=chat, client_id="k-1")
    assert (again.outcome, again.message.pk, again.replayed) == (Outcome.PUBLISHED, first.message.pk, True)
    assert not first.replayed
    assert Message.objects.filter(author=member).count() == 1
    assert again_callbacks == []  # no broadcast, no notification task
    assert Notification.objects.filter(user=other_member, kind=Notification.Kind.MENTION).count() == 1
    chat.refresh_from_db()
    assert chat.reply_count == first.message.topic.reply_count


@time_machine.travel(datetime(2026, 12, 1, 3, 0, 1, tzinfo=UTC), tick=False)  # one burst window, not two
def test_a_resend_is_answered_even_past_the_rate_limit(member, chat):
    """The first answer was lost, not the message: waiting out the burst limit would only delay the ack."""
    first = submit(member, chat.group, "message 0", topic=chat, client_id="burst-0")
    for n in range(1, pipeline.BURST):
        assert submit(member, chat.group, f"message {n}", topic=chat, client_id=f"burst-{n}").ok
    assert submit(member, chat.group, "one too many", topic=chat, client_id="burst-x").retry_after
    again = submit(member, chat.group, "message 0", topic=chat, client_id="burst-0")
    assert again.ok and again.message.pk == first.message.pk


def test_a_resend_of_a_held_message_says_again_why_it_waits(member, group, chat):
    group.premoderation_count = 2
    group.save()
    first = submit(member, group, "My first message here", topic=chat, client_id="h1")
    again = submit(member, group, "My first message here", topic=chat, client_id="h1")
    assert first.outcome == again.outcome == Outcome.HELD
    assert again.reason == first.reason and again.reason
    assert again.message.pk == first.message.pk
    assert first.message.queue_items.count() == 1


def test_a_resend_published_meanwhile_is_answered_as_published(member, group, chat):
    group.premoderation_count = 1
    group.save()
    first = submit(member, group, "Hello, I am new", topic=chat, client_id="p1")
    first.message.publish()
    again = submit(member, group, "Hello, I am new", topic=chat, client_id="p1")
    assert (again.outcome, again.reason, again.message.pk) == (Outcome.PUBLISHED, "", first.message.pk)


def test_a_resend_brings_the_crisis_prompt_again(member, chat):
    text = "I want to kill myself tonight"
    first = submit(member, chat.group, text, topic=chat, client_id="c1")
    again = submit(member, chat.group, text, topic=chat, client_id="c1")
    assert first.crisis and again.crisis and again.message.pk == first.message.pk


def test_a_client_id_used_in_another_conversation_is_refused_not_answered(member, group, chat, other_member):
    first = submit(member, group, "in the chat", topic=chat, client_id="x1")
    conversation = support.start_by_member(member, group)
    elsewhere = submit(member, group, "in the chat", topic=conversation, client_id="x1")
    assert not elsewhere.ok and elsewhere.message is None
    assert Message.objects.filter(author=member).count() == 1 and first.ok


def test_a_resend_through_the_group_socket_gets_the_same_ack(member, chat):
    frame = send_frame("Anyone awake?", "sock-1", topic=chat.pk)
    _fresh, first = frames.handle_frame(member, chat.group, frame)
    _fresh, again = frames.handle_frame(member, chat.group, frame)
    assert first[0]["type"] == "ack" and again == first
    assert first[0]["client_id"] == "sock-1" and first[0]["outcome"] == "published"
    assert Message.objects.filter(author=member, body_source="Anyone awake?").count() == 1


def test_a_malformed_client_id_is_not_kept_and_not_echoed(member, chat):
    _fresh, replies = frames.handle_frame(member, chat.group, send_frame("hello", ["a", "list"]))
    _fresh, more = frames.handle_frame(member, chat.group, send_frame("hello", "x" * 65))
    assert replies[0]["client_id"] == more[0]["client_id"] == ""
    assert set(Message.objects.filter(author=member).values_list("client_id", flat=True)) == {""}


def test_a_resend_through_the_support_socket_gets_the_same_ack(member, group):
    conversation = support.start_by_member(member, group)
    frame = send_frame("Can we talk?", "sup-1")
    _fresh, first = support_frames.handle_frame(member, conversation, frame)
    _fresh, again = support_frames.handle_frame(member, conversation, frame)
    assert first[0]["type"] == "ack" and again == first
    assert Message.objects.filter(topic=conversation, author=member).count() == 1


def test_the_no_script_form_posted_twice_saves_once(login, member, group):
    client = login(member)
    url = reverse("groups:chat", args=[group.slug])
    page = client.get(url).content.decode()
    assert 'name="client_id" value="' in page
    assert (
        page.split('name="client_id" value="')[1].split('"')[0]
        != (client.get(url).content.decode().split('name="client_id" value="')[1].split('"')[0])
    )  # each page has its own id
    data = {"text": "Is anyone around tonight?", "client_id": "form-1"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # the browser sent it again: a reload, a double tap
    assert Message.objects.filter(author=member, body_source="Is anyone around tonight?").count() == 1


def test_the_no_script_support_form_posted_twice_saves_once(login, member, group):
    conversation = support.start_by_member(member, group)
    client = login(member)
    url = reverse("groups:support-detail", args=[group.slug, conversation.pk])
    assert 'name="client_id"' in client.get(url).content.decode()
    data = {"text": "Can someone call me back?", "client_id": "form-2"}
    assert client.post(url, data).status_code == client.post(url, data).status_code == 302
    assert Message.objects.filter(topic=conversation, body_source="Can someone call me back?").count() == 1


@pytest.mark.skipif(not ON_POSTGRES, reason="two sessions racing on one row need PostgreSQL (CI has it)")
@pytest.mark.django_db(transaction=True)
def test_two_processes_saving_the_same_resend_at_once_keep_one_message_and_one_notification(member, other_member, chat):
    """A: the first send, still in its transaction. B: the resend after a reconnect, which finds nothing
    yet, and waits on A's row at its insert. A commits; B's insert fails and B answers A's message."""
    text = "thanks @other member"
    saved, blocked = threading.Event(), []

    def first_send():
        try:
            with transaction.atomic():
                saved.result = submit(member, chat.group, text, topic=chat, client_id="race-1")
                saved.set()
                blocked.append(_wait_for_a_blocked_session())
        finally:
            connection.close()

    thread = threading.Thread(target=first_send)
    thread.start()
    assert saved.wait(10)
    again = submit(member, chat.group, text, topic=chat, client_id="race-1")
    thread.join(10)
    assert blocked == [True]  # B really met A's row at its insert, after its look-up missed
    assert again.replayed and again.message.pk == saved.result.message.pk
    assert Message.objects.filter(author=member).count() == 1
    assert Notification.objects.filter(user=other_member, kind=Notification.Kind.MENTION).count() == 1


def _wait_for_a_blocked_session(seconds=10):
    """True once another session of this database waits on a lock (B's insert on A's uncommitted row)."""
    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.05)
    return False
