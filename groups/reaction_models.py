"""Supportive reactions to a message: a few kind words, counted, never a like or a score.

A reaction is stored as a short code; the words are rendered in the reader's language
(`Reaction.Code` labels). One person gives each code at most once per message.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Reaction(models.Model):
    class Code(models.TextChoices):
        HEAR = "hear", _("I hear you")
        SAME = "same", _("Same here")
        PROUD = "proud", _("Proud of you")
        THANKS = "thanks", _("Thank you")

    message = models.ForeignKey("groups.Message", on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions")
    code = models.CharField(max_length=10, choices=Code.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "groups"
        constraints = [
            models.UniqueConstraint(fields=["message", "user", "code"], name="one_reaction_per_person_and_code"),
        ]

    def __str__(self):
        return f"{self.code} on message {self.message_id}"
