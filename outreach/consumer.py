"""The socket of one consultation (/ws/outreach/<id>/): the support socket's frames behind the desk's door.

Connect asks outreach/access.py and joins ``support-<topic id>`` and the person's ``user-<id>`` channel only
afterwards. Each frame is re-checked and answered by groups/content/support_frames.py, whose gate calls ask the
desk's door for the desk's topics (groups/access.py `support_role`), so a consultant who handed the case over,
or a closed consultation, is refused on the very next frame.
"""

from django.http import Http404

from accounts.language import speak_to
from groups import live
from groups.content.frames import MAX_FRAME_CHARS
from groups.content.support_consumer import SupportConsumer
from peersupport.params import client_int
from peersupport.socket_auth import person, too_late
from peersupport.socket_db import socket_database

from . import access


def connect_consultation(user, consultation_id):
    """The consultation's topic when `user` may open its socket, else None."""
    if client_int(consultation_id) is None:
        return None
    try:
        consultation, _role = access.access_consultation(user, consultation_id)
    except Http404:
        return None
    return consultation.topic


@socket_database
def _connect(scope, consultation_id):
    """One trip per handshake: the person and the desk's door; (user, the consultation's topic or None)."""
    if too_late(scope):
        return None, None
    user = person(scope)
    return user, connect_consultation(user, consultation_id)


class ConsultationConsumer(SupportConsumer):
    async def connect(self):
        self.channels_joined, self.frames = [], []
        consultation_id = self.scope["url_route"]["kwargs"]["consultation_id"]
        self.user, self.topic = await _connect(self.scope, consultation_id)
        if self.topic is None:
            return await self.close()
        speak_to(self.user)
        if not await self.join_channels([live.support_channel(self.topic.pk), live.user_channel(self.user.pk)]):
            return
        await self.accept()
        hello = {"type": "hello", "group": self.topic.group_id, "topic": self.topic.pk, "max_frame": MAX_FRAME_CHARS}
        await self.send_json(hello)
