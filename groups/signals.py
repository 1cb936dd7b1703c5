"""Events other wings listen to (accounts turns them into notifications). Sent after commit, except the
three marked as sent inside the action's transaction (so the notification they make commits with it).

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
# Sent INSIDE the action's transaction (groups/membership/members.py), so telling the person is never lost:
# kwargs: user_id, kind ("muted", "banned", "ban_ended", "removed"), group_id, log_entry (the ModerationLog row)
member_sanctioned = Signal()
# Sent inside the transaction too: a sanctioned person wrote to the moderators. kwargs: group, log_entry
standing_question_asked = Signal()
# Sent inside the transaction that opens a support conversation (groups/content/support.py). kwargs: topic, user_ids
support_opened = Signal()
# Sent inside the transaction too: staff appointed a professional as a moderator of a group, so its members
# are told that a professional now reads it (groups/membership/members.py). kwargs: group, log_entry
professional_moderator_appointed = Signal()
