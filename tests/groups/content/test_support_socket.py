"""The support conversation's socket: the member and the helpers hear each other live; nobody else can open
it, and its messages never reach the group's sockets."""

import json

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from groups.content import support
from groups.routing import websocket_urlpatterns

APP = URLRouter(websocket_urlpatterns)
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def memory_layer(settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


async def _open(user, path):
    comm = WebsocketCommunicator(APP, path)
    comm.scope["user"] = user
    connected, _code = await comm.connect()
    return comm, connected


async def _next(comm, wanted, timeout=2):
    while True:
        frame = json.loads(await comm.receive_from(timeout=timeout))
        if frame["type"] == wanted:
            return frame


async def _silent(comm, timeout=0.3):
    while not await comm.receive_nothing(timeout):
        if json.loads(await comm.receive_from())["type"] != "presence":
            return False
    return True


@pytest.fixture
def topic(group, member, moderator):
    return support.start_by_helper(moderator, group, member)


def _path(topic):
    return f"/ws/support/{topic.group.slug}/{topic.pk}/"


async def test_support_socket_member_and_moderator_hear_each_other_and_the_group_does_not(
    topic, member, moderator, other_member
):
    mine, ok = await _open(member, _path(topic))
    assert ok and (await _next(mine, "hello"))["topic"] == topic.pk
    theirs, ok = await _open(moderator, _path(topic))
    assert ok
    await _next(theirs, "hello")
    group_socket, ok = await _open(other_member, f"/ws/groups/{topic.group.slug}/")
    assert ok
    await _next(group_socket, "hello")

    await mine.send_to(text_data=json.dumps({"type": "send", "text": "Can we talk?", "client_id": "c1"}))
    assert (await _next(mine, "ack"))["outcome"] == "published"
    arrived = await _next(theirs, "message.new")
    assert "Can we talk?" in arrived["message"]["html"]
    assert await _silent(group_socket)

    await theirs.send_to(text_data=json.dumps({"type": "history"}))
    assert [m["id"] for m in (await _next(theirs, "history"))["messages"]] == [arrived["message"]["id"]]
    for comm in (mine, theirs, group_socket):
        await comm.disconnect()


async def test_support_socket_refuses_everyone_else(topic, outsider, other_member, other_group_moderator, staff):
    from django.contrib.auth.models import AnonymousUser

    for person in (outsider, other_member, other_group_moderator, staff, AnonymousUser()):
        comm, ok = await _open(person, _path(topic))
        assert not ok, person
        await comm.disconnect()


async def test_support_socket_refuses_unknown_and_huge_ids(member, group):
    for path in (f"/ws/support/{group.slug}/999999/", f"/ws/support/{group.slug}/{10**30}/", "/ws/support/x/1/"):
        comm, ok = await _open(member, path)
        assert not ok, path
        await comm.disconnect()


async def test_support_socket_malformed_frames_get_an_error_and_the_socket_survives(topic, member):
    comm, ok = await _open(member, _path(topic))
    await _next(comm, "hello")
    for text in ("not json", '{"type": ["send"]}', '{"type": {}}', "[" * 5000, '{"no": "type"}', '{"type": "what"}'):
        await comm.send_to(text_data=text)
        assert (await _next(comm, "error"))["message"]
    await comm.send_to(text_data=json.dumps({"type": "ping"}))
    assert await _next(comm, "pong")
    await comm.disconnect()


async def test_support_socket_closes_once_access_is_gone(topic, member, moderator):
    from groups.models import Membership

    comm, ok = await _open(moderator, _path(topic))
    await _next(comm, "hello")
    await database_sync_to_async(Membership.objects.filter(user=moderator).update)(role="member")
    await comm.send_to(text_data=json.dumps({"type": "history"}))
    output = await comm.receive_output(timeout=2)
    while output["type"] != "websocket.close":
        output = await comm.receive_output(timeout=2)
    assert output["code"] == 4403


async def test_support_socket_says_try_again_later_while_the_channel_layer_is_down(topic, member, channel_layer_down):
    """As the group socket: not a 500 at the handshake but 1013, which the client answers by reconnecting."""
    comm, ok = await _open(member, _path(topic))
    assert ok
    assert (await comm.receive_output(timeout=2)) == {"type": "websocket.close", "code": 1013}


async def test_support_socket_tells_a_deleted_account_apart_at_its_next_frame(topic, member, monkeypatch):
    from accounts.deletion import delete_account
    from groups import live

    comm, ok = await _open(member, _path(topic))
    assert ok
    await _next(comm, "hello")
    monkeypatch.setattr(live, "close_user_sockets", lambda *args, **kwargs: None)  # the close order is lost
    await database_sync_to_async(delete_account)(member, keep_messages=True)
    await comm.send_to(text_data=json.dumps({"type": "ping"}))
    output = await comm.receive_output(timeout=2)
    while output["type"] != "websocket.close":
        output = await comm.receive_output(timeout=2)
    assert output["code"] == 4410
