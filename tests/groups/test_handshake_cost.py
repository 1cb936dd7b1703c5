"""The socket handshake costs a constant, small number of queries and channel-layer calls (issue 16): the whole
stack (origin check, session, user, gate, joining, presence), for a group of three and of forty members.

Queries are counted on every thread (the consumer's database work runs on the sync worker thread).
"""

import json

import pytest
from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer
from channels.testing import WebsocketCommunicator
from django.conf import settings as live_settings
from django.db.backends.utils import CursorWrapper
from django.test import Client

from groups.models import Membership
from peersupport.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)  # the consumer reads on its own thread (PostgreSQL in CI)
MAX_QUERIES = 5  # session, user, group, the standing (membership and its ban in one): measured 4


@pytest.fixture(autouse=True)
def memory_layer(settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


@pytest.fixture
def layer_calls(monkeypatch):
    """Every channel-layer call and every SQL statement, whichever thread makes it, in one list."""
    calls = []
    for name in ("execute", "executemany"):
        original = getattr(CursorWrapper, name)

        def query(self, *args, _original=original, **kwargs):
            calls.append("query")
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(CursorWrapper, name, query)
    for name in ("group_add", "group_send", "send"):
        original = getattr(InMemoryChannelLayer, name)

        def counted(self, *args, _original=original, _name=name, **kwargs):
            calls.append(_name)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(InMemoryChannelLayer, name, counted)
    return calls


def handshake(user, calls):
    """(queries, layer calls) of one handshake, until the socket has its hello and its presence count."""
    client = Client()
    client.force_login(user)
    headers = [
        (b"origin", live_settings.WEBSOCKET_ALLOWED_ORIGINS[0].encode()),
        (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()),
    ]

    async def run():
        comm = WebsocketCommunicator(application, "/ws/groups/recovery-circle/", headers=headers)
        connected, _code = await comm.connect()
        assert connected
        seen = set()
        while not {"hello", "presence"} <= seen:
            seen.add(json.loads(await comm.receive_from())["type"])
        counted = (calls.count("query"), [call for call in calls if call != "query"])
        await comm.disconnect()
        return counted

    calls.clear()
    return async_to_sync(run)()


def test_handshake_cost_does_not_grow_with_the_group(group, member, make_user, layer_calls):
    if not live_settings.WEBSOCKET_ALLOWED_ORIGINS:
        pytest.skip("no WEBSOCKET_ALLOWED_ORIGINS configured")
    small_queries, small_calls = handshake(member, layer_calls)
    for _n in range(37):
        Membership.objects.create(group=group, user=make_user(), rules_version_accepted=1)
    big_queries, big_calls = handshake(member, layer_calls)
    assert small_queries == big_queries <= MAX_QUERIES
    # user-<id> and group-<id> joined, and at most one presence announcement
    assert big_calls == small_calls and big_calls.count("group_add") == 2 and big_calls.count("group_send") <= 1
