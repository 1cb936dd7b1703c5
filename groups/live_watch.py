"""One watcher per server process: is the channel layer alive, and whose access stamp moved?

Two things a socket cannot notice alone (issue 16):

- The channel layer (Redis pub/sub) loses every event published while its connection is down, and
  resubscribes silently when Redis is back; a socket that stayed open would miss those messages until its
  next reconnect. The watcher sends itself a probe through the layer every POLL seconds. A probe that fails
  or does not come back marks the layer lost; the first one that comes back again tells every socket of the
  process to catch up (`resync`: the client then sends `resume`, docs/protocol.md).
  An outage shorter than POLL can fall between two probes, and pub/sub's silent resubscription hides it:
  the watcher also hears each of the layer's pub/sub connections connect again (`hear_reconnects`), and
  treats that as an outage that has ended.
- A ban made while Redis was down never reached the person's sockets (the close order was lost). Each socket
  keeps the access stamp it was authorised with (groups/access/stamp.py); the watcher keeps this process's
  view of the stamps of the people it serves, read from the cache each poll (one call for all of them) and
  from the database after any doubt (the layer was lost, a read failed). Forwarding handlers compare the two
  in memory; only a socket whose stamp moved asks the gate again, and it is closed when access ended.

The watcher lives as long as the process has sockets on its event loop.
"""

import asyncio
import contextlib
import logging
import time
import uuid
import weakref

from django.db import Error as DatabaseError
from django.db.models import Max

from peersupport.cache import UNAVAILABLE as REDIS_UNAVAILABLE
from peersupport.socket_db import socket_database

from . import access
from .models import Message

log = logging.getLogger(__name__)
POLL = 1.0  # seconds between two probes of the layer and two reads of the stamps
PROBE_TIMEOUT = 1.0  # seconds a probe may take to come back before the layer counts as lost
UNAVAILABLE = (DatabaseError, *REDIS_UNAVAILABLE)

_watchers = {}  # event loop -> Watcher


def newest_message_id():
    return Message.objects.aggregate(newest=Max("pk"))["newest"] or 0


def watcher_for(layer):
    """The watcher of the running event loop (made on first use)."""
    loop = asyncio.get_running_loop()
    found = _watchers.get(loop)
    if found is None or found.layer is not layer:
        found = _watchers[loop] = Watcher(layer)
    return found


class Watcher:
    def __init__(self, layer):
        self.layer = layer
        self.sockets = {}  # consumer -> user id
        self.stamps = {}  # user id -> the newest stamp known
        self.unsure = False  # a read failed or the layer was lost since the stamps were read from the database
        self.doubts = 0  # how many times doubt was cast: a read begun before the latest doubt cannot clear it
        self.layer_lost = False
        self.task = self.listener = self.probe_channel = None
        self.probe_group = f"live-probe-{uuid.uuid4().hex}"
        self.sent = self.seen = 0
        self.arrived = asyncio.Event()
        self._reconciling = None
        self.newest = self.mark = None  # the newest message id forwarded; its value when the layer was lost
        self.reconnected = False  # a pub/sub connection of the layer connected again since the last poll
        self._watched = weakref.WeakSet()  # the pub/sub connections whose reconnections this watcher hears

    # --- what sockets call ------------------------------------------------------------------------------------

    def join(self, consumer, user_id, stamp):
        self.sockets[consumer] = user_id
        self.learn(user_id, stamp)
        if self.task is None:
            self.task = asyncio.ensure_future(self._run())

    async def leave(self, consumer):
        self.sockets.pop(consumer, None)
        if self.sockets or self.task is None:
            return
        for task in (self.task, self.listener):
            if task is not None:
                task.cancel()
        self.task = self.listener = None
        if _watchers.get(asyncio.get_running_loop()) is self:
            del _watchers[asyncio.get_running_loop()]
        if self.probe_channel is not None:
            with contextlib.suppress(UNAVAILABLE):
                await self.layer.group_discard(self.probe_group, self.probe_channel)

    def doubt(self):
        self.unsure, self.doubts = True, self.doubts + 1

    def trusts(self, user_id, stamp):
        """In memory: may a socket authorised at `stamp` forward without asking the gate again?"""
        return not self.unsure and self.stamps.get(user_id) == stamp

    def saw(self, message_id):
        self.newest = message_id if self.newest is None else max(self.newest, message_id)

    def learn(self, user_id, stamp):
        """Stamps only move forward; GONE (the account was deleted) is final."""
        known = self.stamps.get(user_id)
        if known is None or stamp == access.stamp.GONE or (known != access.stamp.GONE and stamp > known):
            self.stamps[user_id] = stamp

    async def reconcile(self):
        """Read every stamp from the database (and mend the mirror). Callers share a read, but only one that
        began after they asked: a read begun earlier may predate the change that made them ask."""
        asked = time.monotonic()
        while True:
            began, read = self._reconciling or (None, None)
            if read is None or read.done():
                began, read = time.monotonic(), asyncio.ensure_future(self._read(access.stamp.mirror, sure=True))
                self._reconciling = (began, read)
            await asyncio.shield(read)
            if began >= asked:
                return

    # --- the loop ---------------------------------------------------------------------------------------------

    async def _run(self):
        while self.sockets:
            await asyncio.sleep(POLL)
            try:
                await self._tick()
            except Exception:  # the watcher outlives any one failure; the next poll tries again
                log.exception("live: the watcher's poll failed")

    async def _tick(self):
        probed = await self._probe()
        if probed and self.reconnected and not self.layer_lost:  # a drop shorter than POLL: events were lost
            log.warning("live: the channel layer reconnected between two probes")
            self.layer_lost, self.mark = True, self.newest
            self.doubt()
        self.reconnected = False
        if not probed:
            if not self.layer_lost:
                log.warning("live: the channel layer is unreachable; sockets resync when it is back")
                self.mark = self.newest if self.newest is not None else await self._newest_saved()
            self.layer_lost = True
            self.doubt()
            return
        if self.layer_lost:
            await self.reconcile()
            if self.unsure:  # the database cannot answer yet: stay lost, and try again at the next poll
                return
            self.layer_lost = False
            log.warning("live: the channel layer is back; %d sockets resync", len(self.sockets))
            for consumer in list(self.sockets):
                asyncio.ensure_future(consumer.layer_back(self.mark))
        elif self.unsure:
            await self.reconcile()
        else:
            await self._read(access.stamp.current, sure=False)

    async def _newest_saved(self):
        """No message passed this process yet: the newest in the database marks where the outage began."""
        try:
            return await socket_database(newest_message_id)()
        except UNAVAILABLE:
            return None

    async def _read(self, reader, sure):
        user_ids, doubts = sorted(set(self.sockets.values())), self.doubts
        try:
            stamps = await socket_database(reader)(user_ids)
        except UNAVAILABLE:
            self.doubt()
            return
        if sure and doubts == self.doubts:
            self.unsure = False
        moved = set()
        for user_id, stamp in stamps.items():
            before = self.stamps.get(user_id)
            self.learn(user_id, stamp)
            if self.stamps.get(user_id) != before:
                moved.add(user_id)
        for consumer, user_id in list(self.sockets.items()):
            if user_id in moved:  # a silent socket is closed now, not at its next event
                asyncio.ensure_future(consumer.restamp())

    async def _probe(self):
        """True when a probe published through the layer came back to this process in time."""
        try:
            if self.probe_channel is None:
                self.probe_channel = await self.layer.new_channel()
            if self.listener is None or self.listener.done():
                await asyncio.wait_for(self.layer.group_add(self.probe_group, self.probe_channel), PROBE_TIMEOUT)
                self.listener = asyncio.ensure_future(self._listen())
            self.sent += 1
            await asyncio.wait_for(self.layer.group_send(self.probe_group, {"type": "probe", "n": self.sent}), 1)
            await asyncio.wait_for(self._arrival(self.sent), PROBE_TIMEOUT)
            self.hear_reconnects()
            return True
        except (TimeoutError, *UNAVAILABLE):
            return False
        except Exception:  # whatever else the layer raises, it did not deliver
            log.exception("live: the layer probe failed")
            return False

    def hear_reconnects(self):
        """Hear every later connect of the layer's pub/sub connections (channels_redis' RedisPubSubChannelLayer:
        a shard per host, each with one redis-py pub/sub connection; other layers have none). Sockets call it
        once they joined their groups, so a drop just after the first socket joined is heard too."""
        get_layer = getattr(type(self.layer), "_get_layer", None)
        for shard in getattr(get_layer(self.layer), "_shards", ()) if get_layer else ():
            connection = getattr(getattr(shard, "_pubsub", None), "connection", None)
            if connection is not None and connection not in self._watched:
                connection.register_connect_callback(self._pubsub_connected)
                self._watched.add(connection)

    def _pubsub_connected(self, connection):
        self.reconnected = True

    async def _arrival(self, number):
        while self.seen < number:
            self.arrived.clear()
            await self.arrived.wait()

    async def _listen(self):
        while True:
            try:
                message = await self.layer.receive(self.probe_channel)
            except UNAVAILABLE:
                return  # the next probe subscribes again
            self.seen = max(self.seen, int(message.get("n", 0)))
            self.arrived.set()
