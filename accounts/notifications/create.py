"""Creating a notification, once, and announcing it after the commit.

Every notification is created here (or counted here, through `announce_on_commit`),
and each one sends `notification_created` after its transaction commits;
accounts/notifications/receivers.py hands that to accounts/tasks.py:announce (the
bell, the e-mail). Creation is called from inside other wings' transactions (the
pipeline starts the urgent escalation inside the message's own), and those wings
stand below the Celery tasks, so they cannot call the tasks themselves: the signal
lets the tasks listen instead of being imported.
"""

from django.db import IntegrityError, transaction
from django.dispatch import Signal

from groups import access

from ..models import User
from .models import Notification

# Sent after commit, once per new notification, with notification_id=<pk>.
notification_created = Signal()


def announce_on_commit(notification):
    """After the commit, announce `notification`.

    robust: a cache or broker outage while announcing must not skip the other announcements, nor fail the
    request that already committed (an urgent e-mail not queued is sent by the sweep).
    """
    pk = notification.pk
    transaction.on_commit(lambda: notification_created.send(sender=Notification, notification_id=pk), robust=True)
    return notification


def create(user_id, kind, *, message=None, group=None, group_id=None, **refs):
    """Create one notification (once: a task that runs twice creates nothing new)."""
    if message is not None:
        refs.update(message=message, topic_id=message.topic_id, group_id=message.group_id)
    elif group is not None or group_id is not None:
        refs["group_id"] = group.pk if group is not None else group_id
    unique = {k: refs[k] for k in ("message", "join_request", "alert_id") if k in refs}
    defaults = {k: v for k, v in refs.items() if k not in unique}
    try:
        with transaction.atomic():
            notification, created = Notification.objects.get_or_create(
                user_id=user_id, kind=kind, **unique, defaults=defaults
            )
    except IntegrityError:
        return []
    if not created:
        return []
    return [announce_on_commit(notification)]


def fan_out(message, kind, user_ids, need=access.Need.MODERATE):
    """`kind` about `message` for each of `user_ids` (never its author) whom the gate allows `need`."""
    created = []
    for user in User.objects.filter(pk__in=user_ids).exclude(pk=message.author_id):
        if access.can(user, message.group, need):
            created += create(user.pk, kind, message=message)
    return created
