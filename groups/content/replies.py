"""Frames that every socket's handlers send back: the one error shape, and the kind crisis prompt.

Kept apart from frames.py so the group socket's handler modules (frames.py, actions.py) and the
support socket's share them without importing one another.
"""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from moderation import distress
from moderation.alerts import crisis


def error(code, message, **extra):
    return {"type": "error", "code": code, "message": str(message), **extra}


def crisis_prompt(result=None):
    """The kind prompt frame, once per message, in the message's language where the text tells it."""
    message = getattr(result, "message", None)
    text = message.body_source if message is not None else getattr(result, "text", "")
    with translation.override(crisis.prompt_language(distress.detect_language(text or ""))):
        return {
            "type": "crisis",
            "message_id": message.pk if message is not None else None,
            "language": translation.get_language(),
            "message": _(
                "It sounds like things are very hard right now. You are not alone: help is there day and night."
            ),
            "help": _("Get help now"),
            "close": _("Close"),
            "url": reverse("crisis-help"),
        }
