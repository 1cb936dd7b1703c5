"""A socket's frames use its last re-check while the person's access stamp holds, and never past a change.

Through the group socket (in-memory channel layer, committed transactions, as the consumer's thread sees
them), and through `handle_frame` with the cache turned off (Redis down).
"""

import asyncio
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from groups import access, consumers, live, live_watch
from groups.access import trust as trust_module
from groups.content import frames
from groups.membership.members import ban_member, mute_member
from groups.models import Message
from tests.groups.test_consumers import closed_with, memory_layer, open_socket, receive, send

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["memory_layer"]  # the autouse fixture, shared


@pytest.fixture
def rereads(monkeypatch):
    """The people whose standing a frame read from the database, in order."""
    seen, original = [], access.reread

    def counting(user, group):
        seen.append(user.pk)
        return original(user, group)

    monkeypatch.setattr(access, "reread", counting)
    return seen


async def open_as_read(user):
    """The socket as daphne opens it: the person read from the database at the handshake (the fixtures' copies
    predate the memberships that moved their stamps)."""
    await database_sync_to_async(user.refresh_from_db)()
    comm, *_ = await open_socket(user)
    return comm


async def sent(comm, text):
    await send(comm, type="send", text=text, client_id=f"c-{abs(hash(text))}")
    return await receive(comm, "ack")


async def test_the_first_messages_use_the_handshakes_read(member, chat, rereads):
    """The handshake read the person's standing a moment ago: a crowd reconnecting and resuming pays it once."""
    comm = await open_as_read(member)
    await sent(comm, "First, from the handshake's read")
    await sent(comm, "Second, from the same")
    await send(comm, type="ping")
    await receive(comm, "pong")
    assert rereads == []
    assert await database_sync_to_async(Message.objects.filter(author=member).count)() == 2
    await comm.disconnect()


async def test_a_ban_between_the_handshake_and_the_first_message_closes_without_its_close_order(
    member, moderator, group, chat, rereads, monkeypatch
):
    monkeypatch.setattr(live, "close_user_sockets", lambda *args, **kwargs: None)  # the close order is lost
    comm = await open_as_read(member)
    await database_sync_to_async(ban_member)(moderator, group, member, "Selling in the group.")
    await send(comm, type="send", text="Just after the ban", client_id="just-after-ban")
    assert await closed_with(comm) == consumers.NO_ACCESS
    assert rereads == [member.pk]  # the stamp moved: read afresh, and refused
    assert not await database_sync_to_async(Message.objects.filter(body_source="Just after the ban").exists)()


async def test_a_mute_between_two_messages_refuses_the_second(member, moderator, group, chat, rereads):
    comm, *_ = await open_socket(member)
    await sent(comm, "Before the mute")
    until = timezone.now() + timedelta(hours=2)
    await database_sync_to_async(mute_member)(moderator, group, member, until, "Please take a break.")
    await send(comm, type="send", text="After the mute", client_id="after-mute")
    refused = await receive(comm, "error")
    assert refused["code"] == "refused" and "muted" in refused["message"]
    assert len(rereads) >= 2  # the stamp moved: read again
    texts = await database_sync_to_async(list)(Message.objects.filter(author=member).values_list("body_source"))
    assert texts == [("Before the mute",)]
    await comm.disconnect()


async def test_a_ban_between_two_messages_closes_at_the_second_without_its_close_order(
    member, moderator, group, chat, monkeypatch
):
    monkeypatch.setattr(live, "close_user_sockets", lambda *args, **kwargs: None)  # the close order is lost
    comm, *_ = await open_socket(member)
    await sent(comm, "Before the ban")
    await database_sync_to_async(ban_member)(moderator, group, member, "Selling in the group.")
    await send(comm, type="send", text="After the ban", client_id="after-ban")
    assert await closed_with(comm) == consumers.NO_ACCESS
    assert not await database_sync_to_async(Message.objects.filter(body_source="After the ban").exists)()


async def test_the_kept_re_check_ends_after_trust_for_seconds(member, chat, rereads, monkeypatch):
    comm = await open_as_read(member)
    await sent(comm, "Within the handshake's read")
    later = trust_module.time.monotonic() + trust_module.TRUST_FOR
    monkeypatch.setattr(trust_module.time, "monotonic", lambda: later)
    await sent(comm, "Read again: the re-check is too old")
    assert rereads == [member.pk]
    await comm.disconnect()


async def test_a_watcher_in_doubt_makes_every_frame_read_afresh(member, chat, rereads):
    comm = await open_as_read(member)
    await sent(comm, "Within the handshake's read")
    watch = live_watch._watchers[asyncio.get_running_loop()]
    watch.doubt()  # as after a lost probe: a bump may have missed the cache

    async def layer_down():
        return False

    watch._probe = layer_down
    await sent(comm, "Read again: the watcher is unsure")
    assert rereads == [member.pk]
    await comm.disconnect()


def test_with_the_cache_down_the_stamp_is_read_from_the_database(
    member, moderator, group, chat, settings, django_capture_on_commit_callbacks
):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    trust = access.Trust()
    fresh, replies = frames.handle_frame(member, group, {"type": "send", "text": "one"}, trust)
    assert replies[0]["type"] == "ack" and trust.vouches_for(fresh)
    with django_capture_on_commit_callbacks(execute=True):
        ban_member(moderator, group, member, "Selling in the group.")
    assert not trust.vouches_for(fresh)
    assert frames.handle_frame(fresh, group, {"type": "send", "text": "two"}, trust) == (None, [])
