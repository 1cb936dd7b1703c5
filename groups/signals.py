"""Events other wings listen to (accounts turns them into notifications). Sent after commit only.

They live on the ground floor so every wing may send them without importing the listeners.
"""

from django.dispatch import Signal

# kwargs: message_id, kind ("message", "topic", "edit")
message_saved = Signal()
# kwargs: message_id, action ("approved", "removed", "hidden", "restored", "warned"), actor_id, reason
message_moderated = Signal()
# kwargs: join_request_id, status
join_request_changed = Signal()
# kwargs: alert_id (a harm-reduction alert was published: its groups' readers are told)
alert_published = Signal()
# kwargs: user_id, group_id, last_message_id (a moderator let all of a person's waiting messages through)
messages_shown = Signal()
