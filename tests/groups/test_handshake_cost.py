"""The socket handshake costs a constant, small number of queries, trips to the database thread and channel-layer
calls (issue 16): the whole stack (origin check, session, user, gate, joining, presence), for a group of three and
of forty members.

Queries are counted on every thread (the consumer's database work runs on the sync worker thread).
"""

import asyncio
import json
import os
import uuid

import pytest
import redis
from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer
from channels.testing import WebsocketCommunicator
from django.conf import settings as live_settings
from django.core.cache import caches
from django.db.backends.utils import CursorWrapper
from django.test import Client

from groups.models import Membership
from peersupport.asgi import application
from peersupport.socket_db import SocketDatabaseSyncToAsync

pytestmark = pytest.mark.django_db(transaction=True)  # the consumer reads on its own thread (PostgreSQL in CI)
MAX_QUERIES = 3  # session, user, and the group with the standing (membership, its ban, two-factor facts in one)


@pytest.fixture(autouse=True)
def memory_layer(settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


@pytest.fixture
def layer_calls(monkeypatch):
    """Every channel-layer call, every trip to the database thread and every SQL statement, whichever thread
    makes it, in one list."""
    calls = []
    trip = SocketDatabaseSyncToAsync.thread_handler

    def counted_trip(self, *args, **kwargs):
        calls.append("trip")
        return trip(self, *args, **kwargs)

    monkeypatch.setattr(SocketDatabaseSyncToAsync, "thread_handler", counted_trip)
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


def signed_in_headers(user):
    """The headers of a browser signed in as `user`, on an allowed origin."""
    client = Client()
    client.force_login(user)
    return [
        (b"origin", live_settings.WEBSOCKET_ALLOWED_ORIGINS[0].encode()),
        (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()),
    ]


def handshake(user, calls):
    """(queries, trips, layer calls) of one handshake, until the socket has its hello and its presence count."""
    headers = signed_in_headers(user)

    async def run():
        comm = WebsocketCommunicator(application, "/ws/groups/recovery-circle/", headers=headers)
        connected, _code = await comm.connect()
        assert connected
        seen = set()
        while not {"hello", "presence"} <= seen:
            seen.add(json.loads(await comm.receive_from())["type"])
        counted = (calls.count("query"), calls.count("trip"), [call for call in calls if call not in ("query", "trip")])
        await comm.disconnect()
        return counted

    calls.clear()
    return async_to_sync(run)()


def test_handshake_cost_does_not_grow_with_the_group(group, member, make_user, layer_calls):
    if not live_settings.WEBSOCKET_ALLOWED_ORIGINS:
        pytest.skip("no WEBSOCKET_ALLOWED_ORIGINS configured")
    small_queries, small_trips, small_calls = handshake(member, layer_calls)
    for _n in range(37):
        Membership.objects.create(group=group, user=make_user(), rules_version_accepted=1)
    big_queries, big_trips, big_calls = handshake(member, layer_calls)
    assert small_queries == big_queries <= MAX_QUERIES
    assert small_trips == big_trips == 1  # the session, the user, the group and the standing read together
    # user-<id> and group-<id> joined, and at most one presence announcement
    assert big_calls == small_calls and big_calls.count("group_add") == 2 and big_calls.count("group_send") <= 1


def test_a_handshake_daphne_gave_up_on_reads_nothing(group, member, layer_calls, settings):
    """Past daphne's connect timeout the client has been refused already: its handshake is refused without a
    query, so a backlog of abandoned handshakes drains instead of keeping every later one waiting too."""
    if not live_settings.WEBSOCKET_ALLOWED_ORIGINS:
        pytest.skip("no WEBSOCKET_ALLOWED_ORIGINS configured")
    settings.SOCKET_CONNECT_TIMEOUT = -1  # every handshake arrives too late
    headers = signed_in_headers(member)

    async def run():
        comm = WebsocketCommunicator(application, "/ws/groups/recovery-circle/", headers=headers)
        connected, _code = await comm.connect()
        await comm.disconnect()
        return connected

    layer_calls.clear()
    assert async_to_sync(run)() is False
    assert "query" not in layer_calls and "group_add" not in layer_calls


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a real Redis: set REDIS_URL (CI does)")
def test_sockets_share_their_process_s_redis_connections(group, make_user, settings):
    """Presence and the cache on every socket's handshake: 20 sockets, a few Redis connections (a cache
    backend per socket's context once made each socket a connection of its own, peersupport/cache.py)."""
    if not live_settings.WEBSOCKET_ALLOWED_ORIGINS:
        pytest.skip("no WEBSOCKET_ALLOWED_ORIGINS configured")
    name = f"handshake-test-{uuid.uuid4().hex[:8]}"  # only this test's connections carry it
    cache = settings.CACHES["default"]
    settings.CACHES = {"default": {**cache, "OPTIONS": {**cache.get("OPTIONS", {}), "client_name": name}}}
    people = [make_user() for _ in range(20)]
    for person in people:
        Membership.objects.create(group=group, user=person, rules_version_accepted=1)
    headers = [signed_in_headers(person) for person in people]

    async def run():
        comms = [WebsocketCommunicator(application, "/ws/groups/recovery-circle/", headers=h) for h in headers]
        assert all(connected for connected, _code in await asyncio.gather(*(c.connect() for c in comms)))
        for comm in comms:
            while json.loads(await comm.receive_from())["type"] != "presence":
                pass
        held = [c for c in redis.Redis.from_url(os.environ["REDIS_URL"]).client_list() if c["name"] == name]
        await asyncio.gather(*(c.disconnect() for c in comms))
        return len(held)

    try:
        assert 1 <= async_to_sync(run)() <= 4
    finally:
        caches["default"]._cache.get_client(write=True).connection_pool.disconnect()
