"""The in-run baselines every figure is divided by (issue 11).

- ``baseline_view``: a minimal Django view, no database of its own, behind the
  project's full middleware stack (so the session and user lookups stay in).
- ``BaselineConsumer``: a minimal Channels consumer that reads the session's person
  in one trip to the database (as every product socket does, peersupport/socket_auth.py),
  joins a channel-layer group and rebroadcasts every frame to it, with the product's
  event shape.
"""

from channels.generic.websocket import AsyncWebsocketConsumer
from django.http import HttpResponse

from peersupport.socket_auth import person
from peersupport.socket_db import socket_database


def baseline_view(request):
    return HttpResponse(b"ok", content_type="text/plain")


class BaselineConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        await socket_database(person)(self.scope)
        self.room = f"bench-echo-{self.scope['url_route']['kwargs']['room']}"
        await self.channel_layer.group_add(self.room, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self.channel_layer.group_discard(self.room, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        await self.channel_layer.group_send(self.room, {"type": "live.event", "text": text_data or ""})

    async def live_event(self, event):
        await self.send(text_data=event["text"])
