"""After-commit fan-out of pipeline events to listeners (see signals.py)."""

from .signals import message_saved


def message_saved_hook(message_id, kind):
    message_saved.send(sender=None, message_id=message_id, kind=str(kind))
