"""The group socket, end to end through WebsocketCommunicator (in-memory channel layer)."""

import json
from types import SimpleNamespace

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.test import Client

from groups import consumers, live
from groups.membership.members import ban_member
from groups.models import Ban, Membership, Message
from groups.routing import websocket_urlpatterns
from moderation import pipeline
from moderation.actions import remove_message
from moderation.models import WatchedWord

APP = URLRouter(websocket_urlpatterns)
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def memory_layer(settings):
    """A fresh in-memory layer per test (changing the setting resets Channels' layer cache)."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


async def open_socket(user, slug="recovery-circle"):
    comm = WebsocketCommunicator(APP, f"/ws/groups/{slug}/")
    comm.scope["user"] = user
    connected, code = await comm.connect()
    if connected:
        assert (await receive(comm, "hello"))["type"] == "hello"
    return comm, connected, code


async def receive(comm, wanted, timeout=2):
    """The next frame of type `wanted`, skipping presence and other chatter."""
    while True:
        frame = json.loads(await comm.receive_from(timeout=timeout))
        if frame["type"] == wanted:
            return frame


async def nothing_but_presence(comm, timeout=0.3):
    """True when only presence counts (or nothing) arrive within `timeout`.

    (receive_nothing, not a receive timeout: a timeout cancels the application.)
    """
    while not await comm.receive_nothing(timeout):
        if json.loads(await comm.receive_from())["type"] != "presence":
            return False
    return True


async def closed_with(comm, timeout=2):
    output = await comm.receive_output(timeout=timeout)
    while output["type"] != "websocket.close":
        output = await comm.receive_output(timeout=timeout)
    return output.get("code")


async def send(comm, **frame):
    await comm.send_to(text_data=json.dumps(frame))


async def test_consumer_refuses_outsider_and_anonymous(outsider, hidden_group, group):
    from django.contrib.auth.models import AnonymousUser

    for user, slug in [(outsider, "recovery-circle"), (outsider, "remembering"), (AnonymousUser(), "recovery-circle")]:
        comm, connected, _code = await open_socket(user, slug)
        assert not connected
        await comm.disconnect()


async def test_consumer_refuses_banned_and_unknown_group(banned, member):
    for user, slug in [(banned, "recovery-circle"), (member, "no-such-group")]:
        comm, connected, _code = await open_socket(user, slug)
        assert not connected


async def test_consumer_member_alone_hears_that_nobody_else_is_here(member):
    comm, connected, _code = await open_socket(member)
    assert connected
    frame = await receive(comm, "presence")
    assert (frame["count"], frame["others"]) == (1, 0)  # the page reads "Nobody else is here right now"
    await comm.disconnect()


async def test_consumer_presence_counts_the_others_live_as_people_come_and_go(member, other_member, moderator):
    first, *_ = await open_socket(member)
    assert (await receive(first, "presence"))["others"] == 0
    second, *_ = await open_socket(other_member)
    assert (await receive(second, "presence"))["others"] == 1
    await hears_others(first, 1)  # "1 other here"
    third, *_ = await open_socket(moderator)
    await hears_others(first, 2)  # "2 others here"
    await third.disconnect()
    await second.disconnect()
    await hears_others(first, 0)  # "Nobody else is here right now"
    await first.disconnect()


async def hears_others(comm, number, timeout=3):
    """Presence frames until one says `number` others are here (counts are coalesced per second: groups/presence.py);
    fails when none does within `timeout`."""
    frame = await receive(comm, "presence", timeout)
    while frame["others"] != number:
        frame = await receive(comm, "presence", timeout)


async def test_consumer_invisible_member_is_not_counted_and_sees_everyone_as_others(member, other_member):
    other_member.show_presence = False
    await database_sync_to_async(other_member.save)()
    first, *_ = await open_socket(member)
    second, *_ = await open_socket(other_member)
    frame = await receive(second, "presence")
    assert (frame["count"], frame["others"]) == (1, 1)
    assert await nothing_but_presence(first)
    await first.disconnect()
    await second.disconnect()


async def test_consumer_staff_reader_is_not_counted(member, staff):
    first, *_ = await open_socket(member)
    await receive(first, "presence")
    reader, *_ = await open_socket(staff)
    assert (await receive(reader, "presence"))["others"] == 1
    await reader.disconnect()
    await first.disconnect()


async def test_consumer_message_round_trip(member, other_member, chat):
    sender, *_ = await open_socket(member)
    reader, *_ = await open_socket(other_member)
    await send(sender, type="send", text="Anyone awake?", client_id="c1")
    ack = await receive(sender, "ack")
    assert ack["outcome"] == "published" and ack["client_id"] == "c1"
    assert "Anyone awake?" in ack["message"]["html"]
    event = await receive(reader, "message.new")
    assert event["message"]["id"] == ack["message"]["id"]
    assert event["message"]["author"] == "Quiet Member"
    await sender.disconnect()
    await reader.disconnect()


async def test_consumer_held_message_reaches_author_and_moderators_only(group, member, other_member, moderator, chat):
    group.premoderation_count = 3
    await database_sync_to_async(group.save)()
    sender, *_ = await open_socket(member)
    reader, *_ = await open_socket(other_member)
    mod, *_ = await open_socket(moderator)
    await send(sender, type="send", text="My first message")
    ack = await receive(sender, "ack")
    assert ack["outcome"] == "held" and "moderator" in ack["reason"]
    assert (await receive(mod, "message.new"))["message"]["status"] == "held"
    assert await nothing_but_presence(reader)
    for comm in (sender, reader, mod):
        await comm.disconnect()


async def test_consumer_removal_reaches_every_screen(member, other_member, moderator, chat):
    reader, *_ = await open_socket(other_member)
    result = await database_sync_to_async(pipeline.submit)(member, chat.group, "Something unkind", topic=chat)
    await receive(reader, "message.new")
    await database_sync_to_async(remove_message)(moderator, result.message, "Be kind.")
    gone = await receive(reader, "message.removed")
    assert gone["id"] == result.message.pk
    await reader.disconnect()


async def test_consumer_ban_closes_socket(group, member, moderator):
    comm, *_ = await open_socket(member)
    await database_sync_to_async(ban_member)(moderator, group, member, "Selling in the group.")
    assert await closed_with(comm) == consumers.NO_ACCESS


async def test_consumer_frame_after_lost_access_closes_socket(group, member):
    """A dropped close order is caught by the re-check on the next frame."""
    comm, *_ = await open_socket(member)
    await database_sync_to_async(Ban.objects.create)(group=group, user=member, reason="x")
    await send(comm, type="ping")
    assert await closed_with(comm) == consumers.NO_ACCESS


async def test_consumer_close_order_for_another_group_keeps_socket(member, other_group):
    comm, *_ = await open_socket(member)
    await database_sync_to_async(live.close_user_sockets)(member.pk, other_group.pk, "left")
    await send(comm, type="ping")
    assert (await receive(comm, "pong"))["type"] == "pong"
    await comm.disconnect()


async def test_consumer_resume_replays_exactly_the_missed_messages(group, member, other_member, chat):
    submit = database_sync_to_async(pipeline.submit)
    seen = (await submit(other_member, group, "Seen before the drop", topic=chat)).message
    comm, *_ = await open_socket(member)
    await comm.disconnect()
    missed = [(await submit(other_member, group, f"Missed {n}", topic=chat)).message.pk for n in range(3)]
    await database_sync_to_async(Message.objects.filter(pk=missed[1]).update)(status="removed")
    comm, *_ = await open_socket(member)
    await send(comm, type="resume", after=seen.pk)
    replay = await receive(comm, "replay")
    assert [m["id"] for m in replay["messages"]] == [missed[0], missed[2]]
    assert replay["more"] is False
    await send(comm, type="resume", after=missed[2])
    assert (await receive(comm, "replay"))["messages"] == []
    await comm.disconnect()


async def test_consumer_malformed_frame_gets_error_and_socket_survives(member):
    comm, *_ = await open_socket(member)
    await comm.send_to(text_data="{not json")
    assert (await receive(comm, "error"))["code"] == "bad_json"
    await send(comm, type="dance")
    assert (await receive(comm, "error"))["code"] == "unknown_type"
    await comm.send_to(text_data="[1, 2]")
    assert (await receive(comm, "error"))["code"] == "bad_json"
    await send(comm, type="ping")
    assert (await receive(comm, "pong"))["type"] == "pong"
    await comm.disconnect()


async def test_consumer_oversized_frame_names_the_limit(member):
    comm, *_ = await open_socket(member)
    await send(comm, type="send", text="x" * consumers.MAX_FRAME_CHARS)
    error = await receive(comm, "error")
    assert error["code"] == "too_large" and str(consumers.MAX_FRAME_CHARS) in error["message"].replace(",", "")
    await send(comm, type="ping")
    assert (await receive(comm, "pong"))["type"] == "pong"
    await comm.disconnect()


async def test_consumer_long_message_is_refused_with_the_limit(member, chat):
    comm, *_ = await open_socket(member)
    await send(comm, type="send", text="y" * 6000)
    error = await receive(comm, "error")
    assert error["code"] == "refused" and "5,000" in error["message"]
    await comm.disconnect()


async def test_consumer_rate_limits_frames(member):
    comm, *_ = await open_socket(member)
    for _ in range(consumers.FRAMES_PER_WINDOW + 1):
        await send(comm, type="ping")
    assert (await receive(comm, "error"))["code"] == "rate_limited"
    await comm.disconnect()


async def test_consumer_rate_limits_messages_through_the_pipeline(member, chat):
    comm, *_ = await open_socket(member)
    for n in range(pipeline.BURST):
        await send(comm, type="send", text=f"message {n}")
        await receive(comm, "ack")
    await send(comm, type="send", text="one too many")
    error = await receive(comm, "error")
    assert error["code"] == "rate_limited" and error["retry_after"] > 0
    await comm.disconnect()


async def test_consumer_crisis_words_prompt_help(group, member, chat):
    await database_sync_to_async(WatchedWord.objects.create)(pattern="end it all", action="crisis")
    comm, *_ = await open_socket(member)
    await send(comm, type="send", text="I want to end it all")
    assert (await receive(comm, "ack"))["outcome"] == "published"
    prompt = await receive(comm, "crisis")
    assert prompt["url"] == "/help/"
    await comm.disconnect()


async def test_consumer_typing_reaches_others_not_sender(member, other_member):
    sender, *_ = await open_socket(member)
    reader, *_ = await open_socket(other_member)
    await send(sender, type="typing")
    assert (await receive(reader, "typing"))["author"] == "Quiet Member"
    assert await nothing_but_presence(sender)
    await sender.disconnect()
    await reader.disconnect()


async def test_consumer_typing_frames_a_little_under_three_seconds_apart_both_reach_others(
    member, other_member, monkeypatch
):
    """The browser spaces typing frames 3 s apart; network jitter brings two of them closer than that."""
    clock = [1000.0]
    monkeypatch.setattr(consumers, "time", SimpleNamespace(monotonic=lambda: clock[0]))  # not asyncio's clock
    sender, *_ = await open_socket(member)
    reader, *_ = await open_socket(other_member)
    await send(sender, type="typing")
    await receive(reader, "typing")
    clock[0] += 2.9
    await send(sender, type="typing")
    assert (await receive(reader, "typing"))["author"] == "Quiet Member"
    clock[0] += 0.5  # a client sending faster than its own pace is still held back
    await send(sender, type="typing")
    assert await nothing_but_presence(reader)
    await sender.disconnect()
    await reader.disconnect()


async def test_consumer_typing_off_sends_nothing(member, other_member):
    member.typing_indicators = False
    await database_sync_to_async(member.save)()
    sender, *_ = await open_socket(member)
    reader, *_ = await open_socket(other_member)
    await send(sender, type="typing")
    assert await nothing_but_presence(reader)
    await sender.disconnect()
    await reader.disconnect()


async def test_consumer_read_moves_the_read_mark(group, member, other_member, chat):
    message = (await database_sync_to_async(pipeline.submit)(other_member, group, "Hi", topic=chat)).message
    comm, *_ = await open_socket(member)
    await send(comm, type="read", id=message.pk)
    assert (await receive(comm, "read"))["last_read"] == message.pk
    mark = await database_sync_to_async(Membership.objects.get)(group=group, user=member)
    assert mark.last_read_message_id == message.pk
    await comm.disconnect()


async def test_consumer_history_loads_earlier_messages(group, member, other_member, chat):
    submit = database_sync_to_async(pipeline.submit)
    ids = [(await submit(other_member, group, f"m{n}", topic=chat)).message.pk for n in range(3)]
    comm, *_ = await open_socket(member)
    await send(comm, type="history", before=ids[2])
    assert [m["id"] for m in (await receive(comm, "history"))["messages"]] == ids[:2]
    await comm.disconnect()


def _login_and_logout(user):
    client = Client()
    client.force_login(user)
    client.post("/accounts/logout/")


async def test_consumer_logout_closes_socket(member):
    comm, *_ = await open_socket(member)
    await database_sync_to_async(_login_and_logout)(member)
    assert await closed_with(comm) == live.SIGNED_OUT


async def test_consumer_password_change_closes_socket(member):
    comm, *_ = await open_socket(member)

    def change():
        member.set_password("a-new-long-passphrase")
        member.save()

    await database_sync_to_async(change)()
    assert await closed_with(comm) == live.SIGNED_OUT


async def test_consumer_rejects_foreign_origin(member):
    from peersupport.asgi import application

    comm = WebsocketCommunicator(
        application, "/ws/groups/recovery-circle/", headers=[(b"origin", b"https://evil.example")]
    )
    connected, _code = await comm.connect()
    assert not connected


async def test_consumer_accepts_session_cookie_through_the_full_stack(member, settings):
    """The real stack: origin allow-list, session auth (a lazy user object), then the consumer."""
    from django.conf import settings as live_settings

    from peersupport.asgi import application

    if not live_settings.WEBSOCKET_ALLOWED_ORIGINS:
        pytest.skip("no WEBSOCKET_ALLOWED_ORIGINS configured")

    def session_key():
        client = Client()
        client.force_login(member)
        return client.cookies["sessionid"].value

    cookie = f"sessionid={await database_sync_to_async(session_key)()}".encode()
    origin = live_settings.WEBSOCKET_ALLOWED_ORIGINS[0].encode()
    comm = WebsocketCommunicator(
        application, "/ws/groups/recovery-circle/", headers=[(b"origin", origin), (b"cookie", cookie)]
    )
    connected, _code = await comm.connect()
    assert connected
    await send(comm, type="ping")
    assert (await receive(comm, "pong"))["type"] == "pong"
    await comm.disconnect()
