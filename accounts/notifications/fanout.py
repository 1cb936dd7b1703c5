"""Who hears about what: the rules that turn an event into notifications.

Plain functions; the Celery tasks in accounts/tasks.py call the `on_*` ones with
ids, and actions elsewhere call the `notify_*` ones inside their transactions.
Each returns the notifications it created; accounts/notifications/create.py
announces every one after the commit.
"""

from django.db import IntegrityError, transaction
from django.db.models.functions import Lower

from groups import access
from groups.models import Group, JoinRequest, Message
from moderation.duty import escalation
from moderation.models import Alert, ModerationLog
from moderation.sanitize import mention_candidates

from ..models import Ignore, User
from .create import announce_on_commit, create, fan_out
from .models import Notification, TopicFollow

Kind = Notification.Kind


def may_tell_anyone(message):
    """Whether on_message_saved can have anything to do for `message` (its topic loaded): the pipeline queues no
    task for a chat line that is neither urgent nor names anyone (most of what a chat carries), since the
    task would read it and find nobody to tell."""
    topic = message.topic
    if topic.support_member_id is not None or not topic.is_chat or message.urgent:
        return True
    return message.status == Message.Status.PUBLISHED and bool(mention_candidates(message.body_source))


def on_message_saved(message_id, kind):
    """A message was posted, edited or approved: follows, replies, mentions, urgent flags."""
    message = Message.objects.select_related("topic", "group", "author").filter(pk=message_id).first()
    if message is None or not may_tell_anyone(message):
        return []
    if message.topic.support_member_id is not None:
        return _support_message_saved(message, kind)
    if message.author_id and not message.topic.is_chat:
        TopicFollow.objects.get_or_create(user_id=message.author_id, topic_id=message.topic_id)
    created = []
    if message.urgent:
        created += _urgent_fan_out(message)
    if message.status == Message.Status.PUBLISHED:
        mentioned = mentioned_user_ids(message)
        created += fan_out(message, Kind.MENTION, _not_ignoring(message, mentioned), need=access.Need.READ)
        if kind != "edit" and not message.topic.is_chat:
            followers = set(TopicFollow.objects.filter(topic_id=message.topic_id).values_list("user_id", flat=True))
            followers = _not_ignoring(message, followers - mentioned)
            created += fan_out(message, Kind.REPLY, followers, need=access.Need.READ)
    return created


def _not_ignoring(message, user_ids):
    """Of `user_ids`, those who do not ignore the author (accounts/ignoring.py): someone ignored is not heard
    of through replies or mentions either. A moderator's words reach everyone, as they are never folded."""
    if not user_ids or message.author_id is None or message.author_id in access.moderator_ids(message.group_id):
        return user_ids
    ignoring = Ignore.objects.filter(ignored_id=message.author_id, user_id__in=user_ids)
    return set(user_ids) - set(ignoring.values_list("user_id", flat=True))


def _support_message_saved(message, kind):
    """A message in a support conversation: the other side hears of it (never followers or mentions)."""
    if kind == "edit" or message.status != Message.Status.PUBLISHED:
        return []
    topic = message.topic
    if message.author_id == topic.support_member_id:
        recipients = [u.pk for u in access.support_helpers(topic)]
    else:
        recipients = [topic.support_member_id]
    # A consultation at the outreach desk is a private topic too; its notices are the desk's own kind.
    notice = Kind.CONSULTATION if message.group.is_desk else Kind.SUPPORT
    return notify_support(topic, [pk for pk in recipients if pk != message.author_id], message=message, kind=notice)


def notify_survey(group_by_user):
    """{user id: group id}: tell each person an anonymous survey is open (surveys/announce.py)."""
    created = Notification.objects.bulk_create(
        Notification(user_id=user_id, kind=Kind.SURVEY, group_id=group_id)
        for user_id, group_id in group_by_user.items()
    )
    return [announce_on_commit(notification) for notification in created]


def notify_support(topic, user_ids, message=None, kind=Kind.SUPPORT):
    """Tell each of `user_ids` that a support conversation was opened (message None) or has a new message."""
    created = []
    for user_id in user_ids:
        if message is not None:
            created += create(user_id, kind, message=message)
            continue
        notification = Notification.objects.create(
            user_id=user_id, kind=kind, group_id=topic.group_id, topic_id=topic.pk
        )
        created.append(announce_on_commit(notification))
    return created


def on_message_moderated(message_id, action, actor_id=None):
    """Tell the author what happened to their message and why: approved, removed, warned, hidden, restored."""
    message = Message.objects.select_related("author").filter(pk=message_id).first()
    if message is None or message.author_id is None or message.author_id == actor_id:
        return []
    kinds = {
        "approved": Kind.MESSAGE_APPROVED,
        "restored": Kind.MESSAGE_APPROVED,
        "removed": Kind.MESSAGE_REMOVED,
        "warned": Kind.MESSAGE_WARNED,
        "hidden": Kind.MESSAGE_HIDDEN,
    }
    if action not in kinds:
        return []
    created = create(message.author_id, kinds[action], message=message, log_entry=_log_entry(message, actor_id))
    if action == "approved":
        created += on_message_saved(message_id, "message")
    return created


def _log_entry(message, actor_id):
    entries = ModerationLog.objects.filter(message=message).order_by("-created_at", "-id")
    if actor_id:
        entries = entries.filter(actor_id=actor_id)
    return entries.first()


def on_join_request_changed(join_request_id, status):
    """Moderators hear of a new request; the applicant hears of the decision."""
    request = access.find_join_request(join_request_id)
    if request is None:
        return []
    if status == JoinRequest.Status.PENDING:
        ids = access.moderator_ids(request.group_id) - {request.user_id}
        return [n for uid in ids for n in create(uid, Kind.JOIN_REQUEST, join_request=request, group=request.group)]
    if status in (JoinRequest.Status.APPROVED, JoinRequest.Status.DECLINED):
        return create(request.user_id, Kind.JOIN_DECIDED, join_request=request, group=request.group)
    return []


def on_alert(alert_id, user_ids=None):
    """A harm-reduction alert: everyone who reads one of its groups (or `user_ids`)."""
    alert = Alert.objects.filter(pk=alert_id).first()
    if alert is None:
        return []
    targets = access_groups_of_alert(alert)
    first_group = access.reader_ids(targets, user_ids)  # each reader once, with their first group
    created = []
    for user_id, group_id in first_group.items():
        created += create(user_id, Kind.ALERT, alert_id=alert.pk, group_id=group_id)
    return created


def access_groups_of_alert(alert):
    if alert.all_groups:
        return list(Group.objects.values_list("pk", flat=True))
    return list(alert.groups.values_list("pk", flat=True))


def notify_sanction(user_id, kind, group_id, log_entry):
    """Tell a person of a mute, ban, ban's end or removal (`kind`: "muted", "banned", "ban_ended",
    "removed"); `log_entry` is the moderation log row holding the moderator's words. Call it inside the
    action's transaction. Once per log row: a task or action that runs twice creates nothing new."""
    try:
        with transaction.atomic():
            notification, created = Notification.objects.get_or_create(
                user_id=user_id, kind=Kind(kind), log_entry=log_entry, defaults={"group_id": group_id}
            )
    except IntegrityError:
        return []
    if not created:
        return []
    return [announce_on_commit(notification)]


def notify_standing_question(group, log_entry):
    """The group's moderators hear that a sanctioned person wrote to them (their notes page has it)."""
    created = []
    for user in User.objects.filter(pk__in=access.moderator_ids(group.pk)).exclude(pk=log_entry.target_user_id):
        if access.can(user, group, access.Need.MODERATE):
            notification, new = Notification.objects.get_or_create(
                user=user, kind=Kind.STANDING_QUESTION, log_entry=log_entry, defaults={"group": group}
            )
            if new:
                created.append(announce_on_commit(notification))
    return created


def notify_professional_moderator(group, log_entry):
    """Every member of `group` hears that a professional (`log_entry.target_user`) now moderates it: members can
    always see who is a professional, and a professional reading the group changes what some will write."""
    professional_id = log_entry.target_user_id
    members = [pk for pk in access.reader_ids([group.pk]) if pk != professional_id]
    created = Notification.objects.bulk_create(
        Notification(user_id=pk, kind=Kind.PRO_MODERATOR, group=group, log_entry=log_entry) for pk in members
    )
    return [announce_on_commit(notification) for notification in created]


def notify_messages_shown(user_id, group_id, last_message_id):
    """A moderator let all of a person's waiting messages through at once: one notification, not one each."""
    message = Message.objects.filter(pk=last_message_id, group_id=group_id, author_id=user_id).first()
    return create(user_id, Kind.MESSAGES_SHOWN, message=message) if message is not None else []


def mentioned_user_ids(message):
    """People named as @pseudonym (any case) in the message, other than its author."""
    candidates = mention_candidates(message.body_source)
    if not candidates:
        return set()
    found = (
        User.objects.annotate(lower=Lower("display_name"))
        .filter(lower__in=candidates, is_active=True)
        .exclude(pk=message.author_id)
    )
    return set(found.values_list("pk", flat=True))


def _urgent_fan_out(message):
    """Urgent flags go through the duty escalation (moderation/duty/escalation.py): the people on duty
    first, then every moderator, then staff. The pipeline starts it in the message's own transaction;
    this catches an urgent item that reached the queue another way. Nothing is sent twice."""
    return escalation.start_for_message(message.pk)
