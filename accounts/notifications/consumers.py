"""The bell's socket, /ws/notifications/: one person's unread count, live.

It joins only ``user-<id>`` (after checking the person is signed in), forwards
``notification.*`` events, and closes on a session-wide close order (logout,
account deletion). It never receives or sends content.
"""

import asyncio
import json

from channels.generic.websocket import AsyncWebsocketConsumer

from groups import live
from peersupport.socket_auth import person, too_late
from peersupport.socket_db import TripsOnlyWhenAsked, socket_database

from .inbox import unread_count

RECONNECT, SIGNED_OUT = live.RECONNECT, live.SIGNED_OUT
MAX_AGE = 6 * 3600  # reconnect well before channels_redis' group_expiry


@socket_database
def signed_in(scope):
    """The socket's person when signed in and active, else None (also when daphne gave up on the handshake)."""
    user = None if too_late(scope) else person(scope)
    return user if user is not None and user.is_authenticated and user.is_active else None


class NotificationConsumer(TripsOnlyWhenAsked, AsyncWebsocketConsumer):
    async def connect(self):
        self.channel, self.timer = None, None
        self.user = await signed_in(self.scope)
        if self.user is None:
            return await self.close(code=SIGNED_OUT)
        self.channel = live.user_channel(self.user.pk)
        await self.channel_layer.group_add(self.channel, self.channel_name)
        await self.accept()
        # Read after joining user-<id>: a notification made meanwhile is in the count or arrives live.
        unread = await socket_database(unread_count)(self.user)
        await self.send(text_data=json.dumps({"type": "notification.count", "unread": unread}))
        self.timer = asyncio.get_running_loop().call_later(MAX_AGE, lambda: asyncio.ensure_future(self._expire()))

    async def _expire(self):
        await self.close(code=RECONNECT)

    async def disconnect(self, code):
        if self.timer:
            self.timer.cancel()
        if self.channel:
            await self.channel_layer.group_discard(self.channel, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        """The client has nothing to say; frames are ignored."""

    async def live_event(self, event):
        if str(json.loads(event["text"]).get("type", "")).startswith("notification."):
            await self.send(text_data=event["text"])

    async def typing_event(self, event):
        """Typing events reach user-<id> only through group sockets; nothing to do here."""

    async def session_close(self, event):
        if event.get("group_id") is None:  # signed out (4401) or the account deleted (4410), as group sockets
            await self.close(code=live.close_code(event.get("reason")))
