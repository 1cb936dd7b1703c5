"""groups/live.py: each event serialized once, to the right channel-layer groups; sign-in changes close sockets."""

import json

import pytest
from django.test import Client

from groups import live
from moderation import pipeline


class RecordingLayer:
    def __init__(self):
        self.sent = []

    async def group_send(self, group, event):
        self.sent.append((group, event))


@pytest.fixture
def layer(monkeypatch):
    recording = RecordingLayer()
    monkeypatch.setattr(live, "get_channel_layer", lambda: recording)
    return recording


def frames(layer):
    return [(group, json.loads(event["text"])) for group, event in layer.sent if event["type"] == "live.event"]


def test_live_published_message_goes_once_to_the_group(django_capture_on_commit_callbacks, layer, group, member, chat):
    with django_capture_on_commit_callbacks(execute=True):
        message = pipeline.submit(member, group, "Good morning", topic=chat).message
    ((channel, frame),) = frames(layer)
    assert channel == f"group-{group.pk}"
    assert frame["type"] == "message.new"
    assert frame["message"]["id"] == message.pk and frame["message"]["group"] == group.pk
    assert frame["message"]["author"] == "Quiet Member"
    assert "member@example.net" not in json.dumps(frame)


def test_live_broadcast_of_a_new_message_is_the_message_as_saved_and_as_read_again(
    django_capture_on_commit_callbacks, layer, group, member, moderator, chat
):
    """The broadcast of a new message is built from the pipeline's own copy (no read): it must say exactly
    what a fresh read would, badge and quote included."""
    first = pipeline.submit(moderator, group, "Welcome, everyone.", topic=chat).message
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.submit(moderator, group, "Please keep it kind.", topic=chat)
        answer = pipeline.submit(member, group, "Thank you", topic=chat, reply_to=first).message
    sent = [frame["message"] for _channel, frame in frames(layer)]
    assert [m["moderator"] for m in sent] == [True, False]
    quote = {"id": first.pk, "gone": False, "author": "Group Moderator", "text": "Welcome, everyone."}
    assert sent[1]["reply_to"] == quote
    layer.sent.clear()
    live.message_event(answer.pk)  # read from the database, as an approval or an edit does
    assert frames(layer)[0][1]["message"] == sent[1]


def test_live_held_message_goes_to_moderators_and_author_only(
    django_capture_on_commit_callbacks, layer, group, member, chat
):
    group.premoderation_count = 2
    group.save()
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.submit(member, group, "first words", topic=chat)
    assert sorted(channel for channel, _frame in frames(layer)) == [f"group-{group.pk}-mods", f"user-{member.pk}"]


def test_live_message_gone_tells_the_group(layer, group, member, chat):
    message = pipeline.submit(member, group, "oops", topic=chat).message
    layer.sent.clear()
    live.message_gone(message)
    assert frames(layer) == [
        (
            f"group-{group.pk}",
            {"type": "message.removed", "id": message.pk, "group": group.pk, "topic": chat.pk, "status": "published"},
        )
    ]


def test_live_typing_frame_carries_sender_for_filtering(member):
    event = live.typing_frame(5, member, 9, "chan-1")
    assert event["type"] == "typing.event" and event["sender"] == "chan-1" and event["author_id"] == member.pk
    assert json.loads(event["text"]) == {
        "type": "typing",
        "group": 5,
        "topic": 9,
        "author": "Quiet Member",
        "author_id": member.pk,
    }


def test_live_close_user_sockets_sends_close_order(layer):
    live.close_user_sockets(7, 3, "banned")
    assert layer.sent == [("user-7", {"type": "session.close", "group_id": 3, "reason": "banned"})]


def test_live_logout_closes_every_socket(django_capture_on_commit_callbacks, layer, member):
    client = Client()
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/logout/")
    assert (f"user-{member.pk}", {"type": "session.close", "group_id": None, "reason": "logout"}) in layer.sent


def test_live_password_change_closes_every_socket(django_capture_on_commit_callbacks, layer, member):
    with django_capture_on_commit_callbacks(execute=True):
        member.set_password("another-long-passphrase")
        member.save()
    assert layer.sent == [(f"user-{member.pk}", {"type": "session.close", "group_id": None, "reason": "password"})]


def test_live_deactivation_closes_every_socket(django_capture_on_commit_callbacks, layer, member):
    with django_capture_on_commit_callbacks(execute=True):
        member.is_active = False
        member.save()
    assert layer.sent == [(f"user-{member.pk}", {"type": "session.close", "group_id": None, "reason": "access"})]


def test_live_settings_change_keeps_sockets_open(django_capture_on_commit_callbacks, layer, member):
    with django_capture_on_commit_callbacks(execute=True):
        member.typing_indicators = False
        member.save()
    assert layer.sent == []


def test_live_allauth_password_signals_close_sockets(django_capture_on_commit_callbacks, layer, member):
    from allauth.account.signals import password_changed, password_reset

    with django_capture_on_commit_callbacks(execute=True):
        password_changed.send(sender=type(member), request=None, user=member)
        password_reset.send(sender=type(member), request=None, user=member)
    assert [event["reason"] for _group, event in layer.sent] == ["password", "password"]


def test_live_stale_presence_cleanup_tells_each_socket_how_many_others_are_here(layer, group):
    live.presence_event(group.pk, 3)
    ((channel, event),) = layer.sent
    assert channel == f"group-{group.pk}" and event["type"] == "presence.event"
    counted, not_counted = (json.loads(live.presence_text(event, flag)) for flag in (True, False))
    assert (counted["count"], counted["others"]) == (3, 2)  # a member with presence on is one of the three
    assert (not_counted["count"], not_counted["others"]) == (3, 3)  # presence off, or a staff reader
    alone = json.loads(live.presence_text(live.presence_frame(group.pk, 1), True))
    assert alone["others"] == 0
