"""Signal receivers: queue notification tasks with ids only, after the commit.

The signals are sent after commit already; `on_commit` keeps that true if a
sender ever fires inside a transaction. Text (a moderator's reason) is never
passed on: the task reads it from the moderation log.
"""

from django.db import transaction

from .. import tasks
from ..tasks import enqueue


def message_saved(sender, message_id, kind, **kwargs):
    transaction.on_commit(lambda: enqueue(tasks.notify_message_saved, message_id, str(kind)))


def message_moderated(sender, message_id, action, actor_id=None, **kwargs):
    transaction.on_commit(lambda: enqueue(tasks.notify_message_moderated, message_id, str(action), actor_id))


def join_request_changed(sender, join_request_id, status, **kwargs):
    transaction.on_commit(lambda: enqueue(tasks.notify_join_request_changed, join_request_id, str(status)))


def notify_alert(alert_id, user_ids=None):
    """A published alert (moderation/alerts.py): queue its notifications after the commit, ids only."""
    transaction.on_commit(lambda: enqueue(tasks.notify_alert, alert_id, user_ids))


def notification_created(sender, notification_id, **kwargs):
    """A new notification committed (accounts/notifications/create.py): update the bell, maybe e-mail."""
    tasks.announce(notification_id)
