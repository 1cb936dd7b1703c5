"""The group socket (/ws/groups/<slug>/): thin, every frame re-checked (docs/protocol.md).

Connect authorises through groups/access/ and joins channel-layer groups
only afterwards. Each frame: size limit, parse, rate limit, re-check access,
then a plain function in groups/content/frames.py does the work. Handlers for layer
events forward prepared text; they touch the database only when the person's access
stamp moved (groups/access/stamp.py, compared in memory with the process's view in
groups/live_watch.py), and then close the socket if access ended.
"""

import asyncio
import contextlib
import json
import logging
import time

from asgiref.sync import sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.utils.translation import gettext as _

from accounts.language import speak_to
from peersupport.socket_auth import person, too_late
from peersupport.socket_db import TripsOnlyWhenAsked, socket_database

from . import access, live, live_watch, presence
from .content import frames
from .content.frames import MAX_FRAME_CHARS
from .live import ACCOUNT_DELETED, NO_ACCESS, RECONNECT, TRY_AGAIN_LATER, close_code  # shared with the bell

FRAMES_PER_WINDOW, FRAME_WINDOW = 30, 10  # per socket
# The browser sends a typing frame at most every 3 s while someone writes (static/js/chat.js). The server
# drops extra frames quietly, but allows a little less than the client's spacing: two frames sent 3.0 s apart
# can arrive 2.95 s apart, and dropping the second would hide the person's typing just as they go on writing.
TYPING_EVERY = 2.5  # seconds
FORWARDED_KEPT = 500  # message ids a socket remembers having been sent live
MAX_AGE = 6 * 3600  # then RECONNECT: re-authenticates, and stays under group_expiry should the list layer be used
log = logging.getLogger(__name__)


def off_the_database_thread(function):
    """Presence is Redis only: it runs in the default thread pool, beside the sockets' database threads
    (peersupport/socket_db.py), so a crowd connecting does not queue its presence writes behind the gate."""
    return sync_to_async(function, thread_sensitive=False)


_settling = {}  # group id -> the one pending "announce the final count" task of this process


async def _settle_later(layer, group_id):
    """After the announcement window, announce the group's count if it still changed (one task per group).

    The task gives up its place before it counts: a socket that leaves or arrives while the count is read and
    sent schedules a settling of its own, instead of finding this one pending and its change never announced."""
    try:
        await asyncio.sleep(presence.ANNOUNCE_EVERY + 0.05)
    finally:
        _settling.pop(group_id, None)
    try:
        count, announce = await off_the_database_thread(presence.settle)(group_id)
        if announce:
            await layer.group_send(live.group_channel(group_id), live.presence_frame(group_id, count))
    except frames.UNAVAILABLE:
        log.info("presence: the settled count was not announced, the channel layer is down")


def ended_code(user_id):
    """Why a re-check refused the socket: a deleted account (4410), else a deactivation, ban or removal (4403)."""
    return ACCOUNT_DELETED if access.stamp.from_db([user_id])[user_id] == access.stamp.GONE else NO_ACCESS


@socket_database
def _restamp_group(user, group, was_moderator):
    """(close code or None, the person re-read) for a socket whose access stamp moved."""
    fresh, st = access.reread(user, group)
    if fresh is None:
        return ended_code(user.pk), None
    if not st.allows(access.Need.READ):
        return NO_ACCESS, None
    if st.is_moderator != was_moderator:  # the channels it joined no longer fit: join again as who they are now
        return RECONNECT, fresh
    return None, fresh


@socket_database
def _connect(scope, slug):
    """The whole handshake in one trip to the database thread: the person (session and user), the group and
    their standing there; (user, group, standing), or Nones when the gate says no (or daphne gave up)."""
    if too_late(scope):
        return None, None, None
    user = person(scope)
    group, st = access.standing_at(user, slug)
    if st is None or not st.allows(access.Need.READ):
        return user, None, None
    return user, group, st


class FrameConsumer(TripsOnlyWhenAsked, AsyncWebsocketConsumer):
    """What the group socket and the support socket share: the per-socket frame limit, JSON out, and forwarding
    only while the person's access stamp is the one they were authorised with."""

    frames = ()
    watch, stamp, ended = None, None, False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.forwarded = {}  # ids of the messages sent live on this socket, oldest first (an ordered set)
        self.replayed, self.resyncing = set(), False  # what the catch-up after the last resync sent
        self.trust = access.Trust()  # the last re-check, kept for the next frames while the stamp holds

    async def join_channels(self, names):
        """After the gate said yes: watch the person's stamp, then join the layer's groups. False when the
        channel layer is down: the socket is then closed with 1013 (try again later), which the client answers
        by reconnecting with back-off (docs/protocol.md), rather than a handshake failing with a 500."""
        self.channels_joined, self.stamp = list(names), self.user.access_stamp
        self.watch = live_watch.watcher_for(self.channel_layer)
        self.watch.join(self, self.user.pk, self.stamp)
        try:
            for name in self.channels_joined:
                try:
                    await self.channel_layer.group_add(name, self.channel_name)
                except frames.UNAVAILABLE:  # the first call after a Redis restart finds its old connection gone
                    await self.channel_layer.group_add(name, self.channel_name)
        except frames.UNAVAILABLE:
            log.warning("socket: the channel layer is down at a handshake; the client will try again")
            await self.leave_channels()
            self.channels_joined, self.watch = [], None
            await self.accept()
            await self.close(code=TRY_AGAIN_LATER)
            return False
        self.watch.hear_reconnects()
        return True

    async def refused(self):
        """Close a socket the gate refused at a frame or a heartbeat: 4410 when the account was deleted, else
        4403 (a ban, a removal, a deactivation, a conversation that ended)."""
        try:
            code = await socket_database(ended_code)(self.user.pk)
        except frames.UNAVAILABLE:
            code = NO_ACCESS
        await self.close(code=code)

    async def leave_channels(self):
        if self.watch is not None:
            await self.watch.leave(self)
        for name in self.channels_joined:
            with contextlib.suppress(frames.UNAVAILABLE):  # the layer forgets them with its connection anyway
                await self.channel_layer.group_discard(name, self.channel_name)

    async def group_send_soft(self, group, event):
        """A broadcast from the socket itself (typing, presence) that may be lost while Redis restarts."""
        try:
            await self.channel_layer.group_send(group, event)
        except frames.UNAVAILABLE:
            log.info("socket: a %s broadcast was lost, the channel layer is down", event.get("type"))

    def trusting(self):
        """The socket's last re-check for the next frame, unless the watcher doubts the person's stamp (then the
        frame reads afresh, and the trust starts again from that read)."""
        if self.watch is None or not self.watch.trusts(self.user.pk, self.stamp):
            self.trust.forget()
        return self.trust

    async def may_forward(self):
        """In memory unless the stamp moved (or the watcher is unsure after an outage); then ask the gate."""
        if self.ended:
            return False
        if self.watch is None or self.watch.trusts(self.user.pk, self.stamp):
            return True
        if self.watch.unsure:
            await self.watch.reconcile()
            if self.watch.trusts(self.user.pk, self.stamp):
                return True
        return await self.restamp()

    async def restamp(self):
        """The person's stamp moved: ask the gate again; close the socket when access ended."""
        try:
            code, fresh = await self.recheck_access()
        except frames.UNAVAILABLE:
            return False  # not forwarded now; the client catches up by resuming (resync, or its next reconnect)
        if code is not None:
            self.ended = True
            await self.close(code=code)
            return False
        self.user, self.stamp = fresh, fresh.access_stamp
        self.watch.learn(fresh.pk, fresh.access_stamp)
        return True

    async def recheck_access(self):
        """(close code or None, the person re-read): each socket asks its own door."""
        raise NotImplementedError

    async def access_changed(self, event):
        """A role changed (groups/membership/members.py): ask the gate now rather than at the next poll."""
        await self.restamp()

    async def layer_back(self, after):
        """The channel layer came back after an outage: events were lost, so the client resumes from `after`
        (the newest message this process had before the outage) or from its own last id, whichever is lower."""
        if await self.may_forward():
            self.replayed, self.resyncing = set(), True
            await self.send_json({"type": "resync", "after": after})

    def _over_limit(self):
        now = time.monotonic()
        self.frames = [t for t in self.frames if now - t < FRAME_WINDOW] + [now]
        return len(self.frames) > FRAMES_PER_WINDOW

    async def send_json(self, content):
        await self.send(text_data=json.dumps(content, separators=(",", ":")))

    async def live_event(self, event):
        message_id = event.get("message_id")
        if message_id is not None and event.get("event") == "message.new" and message_id in self.replayed:
            return  # the catch-up after a resync just sent it
        if await self.may_forward():
            await self.send(text_data=event["text"])
            if message_id is not None:
                self.watch.saw(message_id)
                self.forwarded[message_id] = None
                if len(self.forwarded) > FORWARDED_KEPT:
                    del self.forwarded[next(iter(self.forwarded))]

    def unseen(self, replies):
        """The catch-up after a resync sends each message once: around it a message may come both live and in
        the replay, so the replay leaves out what this socket was sent live, and a later live message.new what
        the replay sent. (A page with `more` is kept whole, so paging stays right.) Other resumes are answered
        whole, as docs/protocol.md says."""
        for reply in replies if self.resyncing else ():
            if reply.get("type") == "replay":
                if not reply["more"]:
                    reply["messages"] = [m for m in reply["messages"] if m["id"] not in self.forwarded]
                    self.resyncing = False
                self.replayed.update(m["id"] for m in reply["messages"])
        return replies


class GroupConsumer(FrameConsumer):
    visible = False  # is this socket's person in the "here now" count (a member with presence on)

    async def connect(self):
        self.channels_joined, self.heartbeat = [], None
        self.user, self.group, st = await _connect(self.scope, self.scope["url_route"]["kwargs"]["slug"])
        if self.group is None:
            return await self.close()
        speak_to(self.user)
        gid, self.is_moderator = self.group.pk, st.is_moderator
        names = [live.group_channel(gid), live.user_channel(self.user.pk)]
        if not await self.join_channels(names + ([live.moderators_channel(gid)] if st.is_moderator else [])):
            return
        self.trust.learn(self.user, st)  # the handshake's read is fresh: the first frames need not read again
        self.visible, self.frames, self.last_typing = st.is_member and self.user.show_presence, [], 0.0
        await self.accept()
        await self.send_json({"type": "hello", "group": gid, "max_frame": MAX_FRAME_CHARS})
        await self._touch_presence(announce=True)
        self.heartbeat = asyncio.ensure_future(self._beat())

    async def disconnect(self, code):
        if self.heartbeat:
            self.heartbeat.cancel()
        await self.leave_channels()
        if self.channels_joined:
            count = await off_the_database_thread(presence.leave)(self.group.pk, self.channel_name)
            await self._announce(count)

    async def receive(self, text_data=None, bytes_data=None):
        if self._over_limit():  # malformed frames count too
            return await self.send_json(frames.error("rate_limited", _("Too many frames. Wait a few seconds.")))
        frame, problem = frames.parse(text_data, bytes_data)
        if problem:
            return await self.send_json(problem)
        kind, arrived = frame["type"], time.monotonic()  # typing is spaced by arrival, not by the database trip
        # Re-check and handle in one trip to the database thread (frames.handle_frame).
        try:
            fresh, replies = await socket_database(frames.handle_frame)(self.user, self.group, frame, self.trusting())
        except frames.UNAVAILABLE:
            log.warning("group socket: a %s frame failed, the database or the channel layer is down", kind)
            return await self.send_json(frames.unavailable(frame))
        if fresh is None:
            return await self.refused()
        self.user = fresh
        if kind == "typing":
            return await self._typing(frame, arrived)
        if kind == "ping":
            await self._touch_presence()
            return await self.send_json({"type": "pong"})
        for reply in self.unseen(replies):
            await self.send_json(reply)

    async def _typing(self, frame, arrived):
        if not (self.user.typing_indicators and self.user.show_presence) or arrived - self.last_typing < TYPING_EVERY:
            return
        self.last_typing = arrived
        topic = frame.get("topic") if isinstance(frame.get("topic"), int) else None
        event = live.typing_frame(self.group.pk, self.user, topic, self.channel_name)
        await self.group_send_soft(live.group_channel(self.group.pk), event)

    async def _touch_presence(self, announce=False):
        args = (self.group.pk, self.channel_name, self.user.pk, self.visible)
        count = await off_the_database_thread(presence.touch)(*args)
        if announce and count is not None:  # this socket hears the count at once; the others when it changed
            await self.send(text_data=live.presence_text(live.presence_frame(self.group.pk, count), self.visible))
            await self._announce(count)

    async def _announce(self, count):
        """Broadcast the "here now" count when it changed, coalesced per group (groups/presence.py)."""
        gid = self.group.pk
        if count is None:  # Redis is down: the count is unknown, and screens keep the last one
            return
        if await off_the_database_thread(presence.claim_announcement)(gid, count):
            await self.group_send_soft(live.group_channel(gid), live.presence_frame(gid, count))
        elif gid not in _settling:
            _settling[gid] = asyncio.ensure_future(_settle_later(self.channel_layer, gid))

    async def _beat(self):
        """Every HEARTBEAT: ask the gate again (a silent socket whose close order was lost still closes), then
        refresh presence; reconnect at MAX_AGE."""
        started = time.monotonic()
        while time.monotonic() - started < MAX_AGE:
            await asyncio.sleep(presence.HEARTBEAT)
            if not await self._still_allowed():
                return await self.refused()
            await self._touch_presence()
        await self.close(code=RECONNECT)

    async def _still_allowed(self):
        try:
            fresh, may_read = await socket_database(frames.recheck)(self.user, self.group)
        except frames.UNAVAILABLE:
            return True  # the database is down: the next beat asks again
        if fresh is not None:
            self.user = fresh
        return may_read

    async def presence_event(self, event):
        if await self.may_forward():
            await self.send(text_data=live.presence_text(event, self.visible))

    async def recheck_access(self):
        return await _restamp_group(self.user, self.group, self.is_moderator)

    async def layer_back(self, after):
        await self._touch_presence()  # a restarted Redis forgot who is here
        await super().layer_back(after)

    async def typing_event(self, event):
        if event["author_id"] != self.user.pk and self.user.typing_indicators and await self.may_forward():
            await self.send(text_data=event["text"])

    async def session_close(self, event):
        if event.get("group_id") in (None, self.group.pk):
            await self.close(code=close_code(event.get("reason")))
