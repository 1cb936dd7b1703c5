"""The socket of one support conversation (/ws/support/<slug>/<id>/): thin, every frame re-checked.

Connect asks the gate's support door (`access.access_support`) and joins ``support-<id>`` and the person's
``user-<id>`` channel only afterwards. Frames are those of the chat (docs/protocol.md); the work is done
by plain functions in groups/content/support_frames.py.
"""

from django.utils.translation import gettext as _

from accounts.language import speak_to
from peersupport.socket_auth import person, too_late
from peersupport.socket_db import socket_database

from .. import live
from ..consumers import FrameConsumer, ended_code
from . import frames, support_frames
from .frames import MAX_FRAME_CHARS


@socket_database
def _connect_support(scope, slug, topic_id):
    """One trip per handshake: the person and the conversation's door; (user, topic or None)."""
    if too_late(scope):
        return None, None
    user = person(scope)
    topic, _role = support_frames.connect(user, slug, topic_id)
    return user, topic


@socket_database
def _restamp_support(user, topic):
    """(close code or None, the person re-read): the same door as every frame (support_frames.handle_frame)."""
    fresh, _replies = support_frames.handle_frame(user, topic, {"type": "ping"})
    return (ended_code(user.pk), None) if fresh is None else (None, fresh)


class SupportConsumer(FrameConsumer):
    async def connect(self):
        self.channels_joined, self.frames = [], []
        kwargs = self.scope["url_route"]["kwargs"]
        self.user, self.topic = await _connect_support(self.scope, kwargs["slug"], kwargs["topic_id"])
        if self.topic is None:
            return await self.close()
        speak_to(self.user)
        if not await self.join_channels([live.support_channel(self.topic.pk), live.user_channel(self.user.pk)]):
            return
        await self.accept()
        hello = {"type": "hello", "group": self.topic.group_id, "topic": self.topic.pk, "max_frame": MAX_FRAME_CHARS}
        await self.send_json(hello)

    async def disconnect(self, code):
        await self.leave_channels()

    async def receive(self, text_data=None, bytes_data=None):
        if self._over_limit():  # malformed frames count too
            return await self.send_json(frames.error("rate_limited", _("Too many frames. Wait a few seconds.")))
        frame, problem = frames.parse(text_data, bytes_data)
        if problem:
            return await self.send_json(problem)
        kind = frame["type"]
        try:
            fresh, replies = await socket_database(support_frames.handle_frame)(self.user, self.topic, frame)
        except frames.UNAVAILABLE:
            return await self.send_json(frames.unavailable(frame))
        if fresh is None:
            return await self.refused()
        self.user = fresh
        if kind == "ping":
            return await self.send_json({"type": "pong"})
        for reply in self.unseen(replies):
            await self.send_json(reply)

    async def recheck_access(self):
        return await _restamp_support(self.user, self.topic)

    async def typing_event(self, event):
        return  # typing is not shown in support conversations

    async def session_close(self, event):
        if event.get("group_id") is None:
            await self.close(code=live.close_code(event.get("reason")))
