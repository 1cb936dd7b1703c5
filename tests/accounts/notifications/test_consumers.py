"""The bell's socket, /ws/notifications/, through WebsocketCommunicator (in-memory layer)."""

import json

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from accounts.deletion import delete_account
from groups import live
from groups.routing import websocket_urlpatterns

APP = URLRouter(websocket_urlpatterns)
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def memory_layer(settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


async def open_bell(user):
    comm = WebsocketCommunicator(APP, "/ws/notifications/")
    comm.scope["user"] = user
    connected, _code = await comm.connect()
    return comm, connected


async def test_bell_socket_refuses_anonymous_visitors():
    comm, connected = await open_bell(AnonymousUser())
    assert not connected


async def test_bell_socket_sends_the_count_then_new_notifications(member):
    comm, connected = await open_bell(member)
    assert connected
    assert json.loads(await comm.receive_from()) == {"type": "notification.count", "unread": 0}
    await database_sync_to_async(live.notification_event)(member.pk, 3)
    assert json.loads(await comm.receive_from()) == {"type": "notification.new", "unread": 3}
    await comm.disconnect()


async def test_bell_socket_forwards_no_message_content(member, other_member):
    comm, _ = await open_bell(member)
    await comm.receive_from()
    await database_sync_to_async(live._send)(live.user_channel(member.pk), "message.new", {"html": "<p>x</p>"})
    await database_sync_to_async(live.notification_event)(other_member.pk, 1)
    assert await comm.receive_nothing(0.2)
    await comm.disconnect()


async def test_bell_socket_closes_on_sign_out(member):
    comm, _ = await open_bell(member)
    await comm.receive_from()
    await database_sync_to_async(live.close_user_sockets)(member.pk, reason="logout")
    output = await comm.receive_output(timeout=2)
    assert output == {"type": "websocket.close", "code": 4401}


async def test_bell_socket_tells_a_deleted_account_apart_from_signing_out(member):
    """docs/protocol.md: the bell closes with the group sockets' codes, 4410 for a deleted account."""
    comm, _ = await open_bell(member)
    await comm.receive_from()
    await database_sync_to_async(delete_account)(member, keep_messages=True)
    output = await comm.receive_output(timeout=2)
    assert output == {"type": "websocket.close", "code": 4410}
