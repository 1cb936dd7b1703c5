"""Demo: one open support conversation, so the private line can be tried on `make run` (idempotent)."""

from accounts.models import User
from groups.models import Group, Message
from moderation import pipeline

from . import support

OPENING = "Hi Quiet River, it's Mia. I saw your message last night. How are you doing today?"


def seed_support():
    group = Group.objects.filter(slug="recovery-circle").first()
    helper = User.objects.filter(email="moderator@example.org").first()
    member = User.objects.filter(email="member@example.org").first()
    if group is None or helper is None or member is None:
        return
    topic = support.open_conversation(group, member) or support.start_by_helper(helper, group, member)
    if not Message.objects.filter(topic=topic).exists():
        pipeline.submit(helper, group, OPENING, kind=pipeline.Kind.MESSAGE, topic=topic)
