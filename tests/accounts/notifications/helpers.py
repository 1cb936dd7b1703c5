"""Shared by the notification tests: post a topic, reply, list the kinds someone sees."""

from accounts.notifications import inbox
from moderation import pipeline


def start_topic(run, user, group, text="First post", title="Sleep after stopping"):
    result = run(pipeline.submit, user, group, text, kind=pipeline.Kind.TOPIC, title=title)
    assert result.ok, result.reason
    return result.message


def reply(run, user, message, text="Same here, it gets better."):
    result = run(pipeline.submit, user, message.group, text, topic=message.topic)
    assert result.ok, result.reason
    return result.message


def kinds(user):
    return sorted(inbox.visible_notifications(user).values_list("kind", flat=True))
