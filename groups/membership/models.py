"""How far each person has read each discussion topic (the unread counts of the topic list and home page).

The chat's read mark is `Membership.last_read_message_id`; a discussion topic has one of these per
reader, written by `groups/membership/members.py:mark_topic_read` when a page of it is shown.
Registered with the app by the last line of groups/models.py.
"""

from django.conf import settings
from django.db import models


class TopicReadMark(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey("groups.Topic", on_delete=models.CASCADE, related_name="read_marks")
    last_read_message_id = models.BigIntegerField(default=0)

    class Meta:
        app_label = "groups"
        constraints = [models.UniqueConstraint(fields=["topic", "user"], name="one_read_mark_per_topic")]
