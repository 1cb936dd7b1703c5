"""The group socket survives bad frames and faults (issue 16): every malformed frame gets an error frame and
the socket stays open; a send that meets a database or Redis outage answers `unavailable`, never a silent 1011;
a silent socket whose close order was lost is closed by the heartbeat, which asks the gate; a deleted account
is told apart from a signed-out one."""

import json

import pytest
from channels.db import database_sync_to_async
from channels.layers import InMemoryChannelLayer
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.db import OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError

from accounts.deletion import delete_account
from groups import consumers, live, presence
from groups.content import frames
from groups.models import Ban, Message
from groups.routing import websocket_urlpatterns

APP = URLRouter(websocket_urlpatterns)
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def memory_layer(settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


async def _open(user):
    comm = WebsocketCommunicator(APP, "/ws/groups/recovery-circle/")
    comm.scope["user"] = user
    connected, _code = await comm.connect()
    assert connected
    await _next(comm, "hello")
    return comm


async def _next(comm, wanted, timeout=2):
    while True:
        frame = json.loads(await comm.receive_from(timeout=timeout))
        if frame["type"] == wanted:
            return frame


async def _closed_with(comm, timeout=3):
    output = await comm.receive_output(timeout=timeout)
    while output["type"] != "websocket.close":
        output = await comm.receive_output(timeout=timeout)
    return output.get("code")


MALFORMED = [
    '{"type": ["send"]}',
    '{"type": {}}',
    '{"type": 7}',
    '{"type": ""}',
    '{"type": null}',
    '"just a string"',
    "null",
    '{"type": "send", "text": NaN}',
    '{"type": "read", "id": Infinity}',
    "[" * 10_000,
    '{"a":' * 5000 + "1" + "}" * 5000,
]


async def test_every_malformed_frame_gets_bad_json_and_the_socket_stays(member, monkeypatch):
    monkeypatch.setattr(consumers, "FRAMES_PER_WINDOW", 1000)
    comm = await _open(member)
    for text in MALFORMED:
        await comm.send_to(text_data=text[: consumers.MAX_FRAME_CHARS])
        error = await _next(comm, "error")
        assert error["code"] == "bad_json", text[:40]
        assert error["message"]
    await comm.send_to(bytes_data=b"\x00\x01binary")
    assert (await _next(comm, "error"))["code"] == "bad_json"
    await comm.send_to(text_data=json.dumps({"type": "ping"}))
    assert await _next(comm, "pong")
    await comm.disconnect()


async def test_malformed_frames_count_towards_the_rate_limit(member):
    comm = await _open(member)
    for _ in range(consumers.FRAMES_PER_WINDOW):
        await comm.send_to(text_data='{"type": ["x"]}')
        assert (await _next(comm, "error"))["code"] == "bad_json"
    await comm.send_to(text_data='{"type": ["x"]}')
    assert (await _next(comm, "error"))["code"] == "rate_limited"
    await comm.disconnect()


async def test_a_send_during_a_database_outage_answers_unavailable_and_keeps_the_socket(member, chat, monkeypatch):
    comm = await _open(member)

    def down(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(frames, "handle_frame", down)
    await comm.send_to(text_data=json.dumps({"type": "send", "text": "Are you there?", "client_id": "c7"}))
    error = await _next(comm, "error")
    assert error["code"] == "unavailable" and error["client_id"] == "c7" and error["retry_after"] > 0
    monkeypatch.undo()
    await comm.send_to(text_data=json.dumps({"type": "send", "text": "Are you there?", "client_id": "c8"}))
    assert (await _next(comm, "ack"))["client_id"] == "c8"
    assert await database_sync_to_async(Message.objects.filter(body_source="Are you there?").count)() == 1
    await comm.disconnect()


async def test_the_heartbeat_closes_a_silent_socket_whose_close_order_was_lost(group, member, monkeypatch):
    monkeypatch.setattr(presence, "HEARTBEAT", 0.2)
    comm = await _open(member)
    # A ban written while the channel layer was down: no close order reaches the socket.
    await database_sync_to_async(Ban.objects.create)(group=group, user=member, reason="Selling.")
    assert await _closed_with(comm) == consumers.NO_ACCESS


async def test_a_deleted_account_is_told_apart_from_signing_out(member):
    comm = await _open(member)
    await database_sync_to_async(delete_account)(member, keep_messages=True)
    assert await _closed_with(comm) == consumers.ACCOUNT_DELETED == 4410


async def test_a_deleted_account_whose_close_order_was_lost_is_told_apart_at_its_next_frame(member, monkeypatch):
    comm = await _open(member)
    monkeypatch.setattr(live, "close_user_sockets", lambda *args, **kwargs: None)  # the order never arrives
    await database_sync_to_async(delete_account)(member, keep_messages=True)
    await comm.send_to(text_data=json.dumps({"type": "ping"}))
    assert await _closed_with(comm) == consumers.ACCOUNT_DELETED


async def test_a_deleted_account_whose_close_order_was_lost_is_told_apart_at_the_heartbeat(member, monkeypatch):
    monkeypatch.setattr(presence, "HEARTBEAT", 0.2)
    comm = await _open(member)
    monkeypatch.setattr(live, "close_user_sockets", lambda *args, **kwargs: None)
    await database_sync_to_async(delete_account)(member, keep_messages=True)
    assert await _closed_with(comm) == consumers.ACCOUNT_DELETED


async def test_a_handshake_while_the_channel_layer_is_down_says_try_again_later(member, channel_layer_down):
    """Not a 500 and a traceback: the socket is accepted and closed with 1013, and the client tries again."""
    comm = WebsocketCommunicator(APP, "/ws/groups/recovery-circle/")
    comm.scope["user"] = member
    connected, _code = await comm.connect()
    assert connected
    assert await _closed_with(comm) == live.TRY_AGAIN_LATER == 1013


async def test_the_first_join_after_a_redis_restart_is_tried_once_more(member, monkeypatch):
    real, failed = InMemoryChannelLayer.group_add, []

    async def stale_once(self, group, channel):
        if not failed:
            failed.append(group)
            raise RedisConnectionError("Error UNKNOWN while writing to socket. Connection lost.")
        return await real(self, group, channel)

    monkeypatch.setattr(InMemoryChannelLayer, "group_add", stale_once)
    comm = await _open(member)  # hello: the second try joined
    assert failed
    await comm.send_to(text_data=json.dumps({"type": "ping"}))
    assert await _next(comm, "pong")
    await comm.disconnect()


ACTING = ["react", "source", "edit", "delete", "report", "remove"]
WRONG_VALUES = [None, [], {}, [1], True, 1.5, -1, 2**63, 10**400, "", "٣", " 7", "1e5", "x" * 2000]


async def test_malformed_message_actions_get_an_error_and_the_socket_stays(member, chat, monkeypatch):
    """The frames that act on one message, with each field of the wrong type or size (or missing): an error
    frame every time, never a close; the same socket then acts on a real message."""
    monkeypatch.setattr(consumers, "FRAMES_PER_WINDOW", 10_000)
    mine = await database_sync_to_async(Message.objects.create)(
        group=chat.group, topic=chat, author=member, body_source="Mine.", body_html="<p>Mine.</p>"
    )
    comm = await _open(member)
    for kind in ACTING:
        await comm.send_to(text_data=json.dumps({"type": kind}))
        assert (await _next(comm, "error"))["code"] in ("not_found", "refused"), kind  # a member removes nothing
        for field in ("id", "code", "text", "rule", "note"):
            for value in WRONG_VALUES:
                frame = {"type": kind, "id": mine.pk, "code": "hear", "text": "New words", "rule": "Be kind."}
                frame[field] = value
                await comm.send_to(text_data=json.dumps(frame))
                reply = json.loads(await comm.receive_from(timeout=2))
                while reply["type"] in ("presence", "reactions", "message.edited", "message.removed"):
                    reply = json.loads(await comm.receive_from(timeout=2))
                if reply["type"] == "error":
                    assert reply["message"], (kind, field, value)
                if reply["type"] == "deleted":  # a valid delete amid the wrong ones: write the message again
                    mine = await database_sync_to_async(Message.objects.create)(
                        group=chat.group, topic=chat, author=member, body_source="Mine.", body_html="<p>Mine.</p>"
                    )
                if field == "id":
                    assert reply["type"] == "error" and reply["code"] in ("not_found", "refused"), (kind, value)
    assert (await _ask_source(comm, mine.pk))["text"] == "Mine."
    await comm.disconnect()


async def _ask_source(comm, message_id):
    await comm.send_to(text_data=json.dumps({"type": "source", "id": message_id}))
    return await _next(comm, "source")
