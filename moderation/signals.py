"""Events other apps listen to (notifications, alerts). Sent after commit only."""

from django.dispatch import Signal

# kwargs: message_id, kind ("message", "topic", "edit")
message_saved = Signal()
# kwargs: message_id, action ("approved", "removed", "hidden", "restored"), actor_id, reason
message_moderated = Signal()
# kwargs: join_request_id, status
join_request_changed = Signal()
