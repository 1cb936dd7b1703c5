"""Nothing from a group reaches a socket whose person lost access, even when the close order was lost (issue 16).

The close order normally closes the socket at once; here it is dropped (as when Redis is down) and the access
stamp alone must stop the forwarding and close the socket. In-memory channel layer; the stamps' own rules too.
"""

import asyncio
import json

import pytest
from channels.db import database_sync_to_async
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.deletion import delete_account
from accounts.models import User
from groups import access, consumers, live, live_watch
from groups.membership.members import ban_member, remove_member, set_member_role
from groups.models import Membership
from moderation import pipeline
from tests.groups.test_consumers import closed_with, memory_layer, open_socket, receive

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["memory_layer"]  # the autouse fixture, shared


def stamp_of(user):
    return User.objects.values_list("access_stamp", flat=True).get(pk=user.pk)


# What may still reach a socket before it closes: presence counts, and the person's own unread count (the
# notification of the ban itself goes to their own inbox); never a message of the group.
BEFORE_CLOSE = {"presence", "notification.new"}


async def next_is_close(comm, timeout=3):
    """The close code, when nothing but presence counts and the person's own unread count came before it."""
    while True:
        output = await comm.receive_output(timeout=timeout)
        if output["type"] == "websocket.close":
            return output.get("code")
        frame = json.loads(output["text"])
        assert frame["type"] in BEFORE_CLOSE, output
        assert "message" not in frame and "html" not in frame, output


@pytest.fixture
def lost_close_orders(monkeypatch):
    """Close orders never arrive: only the stamp can close the socket."""
    monkeypatch.setattr(live, "close_user_sockets", lambda *args, **kwargs: None)


def test_stamp_moves_on_every_change_of_standing(group, member, moderator, other_member):
    before = stamp_of(member)
    ban_member(moderator, group, member, "Selling in the group.")
    after_ban = stamp_of(member)
    assert after_ban != before

    before = stamp_of(other_member)
    remove_member(moderator, group, other_member, "Asked to leave.")
    assert stamp_of(other_member) != before

    before = stamp_of(moderator)
    membership = Membership.objects.get(group=group, user=moderator)
    membership.role = Membership.Role.MEMBER
    membership.save()
    assert stamp_of(moderator) != before

    member.refresh_from_db()
    before = stamp_of(member)
    member.is_active = False
    member.save()
    assert stamp_of(member) != before


def test_stamp_does_not_move_on_sign_in_and_never_comes_back(member):
    before = stamp_of(member)
    member.save(update_fields=["last_login"])
    assert stamp_of(member) == before
    stale = User.objects.get(pk=member.pk)
    member.is_active = False
    member.save()
    deactivated = stamp_of(member)
    stale.save()  # a stale copy saved whole (the admin, a form) writes a new stamp, not the old one back
    assert len({before, deactivated, stamp_of(member)}) == 3


def test_stamps_are_read_from_the_cache_and_mended_from_the_database(member, other_member):
    first = access.stamp.current([member.pk, other_member.pk])  # missing from the cache: read and mirrored
    assert first == {member.pk: stamp_of(member), other_member.pk: stamp_of(other_member)}
    with CaptureQueriesContext(connection) as queries:
        assert access.stamp.current([member.pk, other_member.pk]) == first
    assert len(queries) == 0  # the mirror answers without the database
    user_id = member.pk
    delete_account(member, keep_messages=False)
    assert access.stamp.current([user_id]) == {user_id: access.stamp.GONE}


async def test_ban_while_redis_was_down_forwards_nothing_and_closes(
    lost_close_orders, group, member, other_member, moderator, chat, monkeypatch
):
    async def layer_down(self):
        return False

    # Every probe fails from the start, as while Redis is down. (Patched on the instance after the sockets opened,
    # a probe already under way could still come back and let a read made before the ban clear the doubt: the
    # in-memory layer here delivers events, which a real layer that is down would not.)
    monkeypatch.setattr(live_watch.Watcher, "_probe", layer_down)
    banned_socket, *_ = await open_socket(member)
    reader, *_ = await open_socket(other_member)
    watch = live_watch._watchers[asyncio.get_running_loop()]  # this test's loop, never one an earlier test left
    watch.doubt()  # as after a failed probe
    await database_sync_to_async(ban_member)(moderator, group, member, "Selling in the group.")
    await database_sync_to_async(pipeline.submit)(other_member, group, "After the ban", topic=chat)
    assert "After the ban" in (await receive(reader, "message.new"))["message"]["html"]
    assert await next_is_close(banned_socket) == consumers.NO_ACCESS  # no message before the close
    await reader.disconnect()


async def test_silent_socket_is_closed_by_the_watcher(lost_close_orders, group, member, moderator):
    silent, *_ = await open_socket(member)
    await database_sync_to_async(ban_member)(moderator, group, member, "Selling in the group.")
    assert await closed_with(silent, timeout=live_watch.POLL * 3) == consumers.NO_ACCESS


async def test_deleted_account_is_closed_with_4410_without_its_close_order(
    lost_close_orders, member, other_member, chat, group
):
    comm, *_ = await open_socket(member)
    await database_sync_to_async(delete_account)(member, False)
    await database_sync_to_async(pipeline.submit)(other_member, group, "Still here", topic=chat)
    assert await next_is_close(comm) == consumers.ACCOUNT_DELETED


async def test_demoted_moderator_stops_hearing_held_messages(group, member, moderator, owner, chat):
    mod, *_ = await open_socket(moderator)
    await database_sync_to_async(set_member_role)(owner, group, moderator, Membership.Role.MEMBER)
    group.premoderation_count = 3
    await database_sync_to_async(group.save)()
    await database_sync_to_async(pipeline.submit)(member, group, "Held for a moderator", topic=chat)
    assert await next_is_close(mod) == consumers.RECONNECT  # joins again as a member: no held messages


async def test_unchanged_stamp_forwards_without_the_database(member, other_member, chat, group):
    reader, *_ = await open_socket(other_member)
    await database_sync_to_async(pipeline.submit)(member, group, "Warming up", topic=chat)
    await receive(reader, "message.new")  # the first event may learn the stamp from the database
    watch = live_watch._watchers[asyncio.get_running_loop()]  # this test's loop, never one an earlier test left
    consumer = next(iter(watch.sockets))

    async def no_gate():
        raise AssertionError("asked the gate although the stamp did not move")

    consumer.recheck_access = no_gate
    await database_sync_to_async(pipeline.submit)(member, group, "In memory", topic=chat)
    assert "In memory" in (await receive(reader, "message.new"))["message"]["html"]
    await reader.disconnect()
