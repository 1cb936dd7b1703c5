"""Signal receivers: queue notification tasks with ids only, after the commit.

The signals are sent after commit already; `on_commit` keeps that true if a
sender ever fires inside a transaction. Text (a moderator's reason) is never
passed on: the task reads it from the moderation log.
"""

from django.db import transaction

from .. import tasks
from ..tasks import enqueue
from . import fanout


def message_saved(sender, message_id, kind, message=None, **kwargs):
    """`message`: the message as saved, when the sender has it: no task is queued when nobody can be told."""
    if message is not None and not fanout.may_tell_anyone(message):
        return
    transaction.on_commit(lambda: enqueue(tasks.notify_message_saved, message_id, str(kind)))


def message_moderated(sender, message_id, action, actor_id=None, **kwargs):
    transaction.on_commit(lambda: enqueue(tasks.notify_message_moderated, message_id, str(action), actor_id))


def join_request_changed(sender, join_request_id, status, **kwargs):
    transaction.on_commit(lambda: enqueue(tasks.notify_join_request_changed, join_request_id, str(status)))


def member_sanctioned(sender, user_id, kind, group_id, log_entry, **kwargs):
    """Inside the sanction's transaction (groups/membership/members.py): the notification commits with it."""
    fanout.notify_sanction(user_id, kind, group_id, log_entry)


def standing_question_asked(sender, group, log_entry, **kwargs):
    """Inside the question's transaction: the group's moderators are told with it."""
    fanout.notify_standing_question(group, log_entry)


def professional_moderator_appointed(sender, group, log_entry, **kwargs):
    """Inside the appointment's transaction: the group's members are told with it."""
    fanout.notify_professional_moderator(group, log_entry)


def support_opened(sender, topic, user_ids, **kwargs):
    """Inside the transaction that opened the conversation: its people are told with it."""
    fanout.notify_support(topic, user_ids)


def notify_alert(alert_id, user_ids=None):
    """Queue an alert's notifications after the commit, ids only (for everyone, or only `user_ids`)."""
    transaction.on_commit(lambda: enqueue(tasks.notify_alert, alert_id, user_ids))


def alert_published(sender, alert_id, **kwargs):
    """A harm-reduction alert was published (moderation/alerts/actions.py): its groups' readers hear of it."""
    notify_alert(alert_id)


def messages_shown(sender, user_id, group_id, last_message_id, **kwargs):
    """A moderator let all of a person's waiting messages through (moderation/actions.py): they hear once."""
    fanout.notify_messages_shown(user_id, group_id, last_message_id)


def notification_created(sender, notification_id, **kwargs):
    """A new notification committed (accounts/notifications/create.py): update the bell, maybe e-mail."""
    tasks.announce(notification_id)
