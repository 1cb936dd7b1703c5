"""Self-service account deletion: the person's identity goes, at once and everywhere.

What goes with the User row (foreign keys cascade): e-mail addresses,
two-factor devices, memberships, join requests and their answers, reports
they filed, moderators' notes about them, bans, notifications, their recovery companion
(accounts/companion/: diary, check-ins, plans, reminders, milestones). Their
sessions are deleted explicitly and their open sockets are closed after the
commit. What they wrote either goes too, or stays with no author ("former
member"), as they choose.
"""

import logging

from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from groups import live
from groups.models import Message, Topic
from moderation import crisis_records, log_retention

log = logging.getLogger(__name__)


@transaction.atomic
def delete_account(user, keep_messages):
    """Delete `user`; keep their messages authorless when `keep_messages`, else delete them."""
    user_id = user.pk
    crisis_records.forget_crisis(Message.objects.filter(author=user).values_list("pk", flat=True))
    if not keep_messages:
        log_retention.redact_reasons_about(user)  # before the row goes: target_user is then NULL
    gone = [] if keep_messages else _delete_writing(user)
    end_sessions(user_id)
    user.delete()
    transaction.on_commit(lambda: _after_commit(user_id, gone))
    log.info("account deleted (messages %s)", "kept" if keep_messages else "deleted")


def _delete_writing(user):
    """Delete the person's messages, and the topics they started that hold nobody else's words."""
    messages = list(Message.objects.filter(author=user).only("pk", "group_id", "topic_id", "status"))
    Message.objects.filter(author=user).delete_and_uncount()
    others = Message.objects.filter(topic=OuterRef("pk"))
    Topic.objects.filter(created_by=user, is_chat=False).exclude(Exists(others)).delete()
    published = [m for m in messages if m.status == Message.Status.PUBLISHED]
    for message in published:
        message.status = Message.Status.DELETED  # what open screens are told
    return published


def end_sessions(user_id):
    """Delete every stored session signed in as `user_id` (database session backend)."""
    wanted = str(user_id)
    stale = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get("_auth_user_id")) == wanted
    ]
    Session.objects.filter(pk__in=stale).delete()


def _after_commit(user_id, gone_messages):
    live.close_user_sockets(user_id, reason="account-deleted")
    for message in gone_messages:
        live.message_gone(message)
