"""Notifications: who hears about what, the unread count, and content-free e-mail.

Plain functions; the Celery tasks in accounts/tasks.py call them with ids.
A notification stores references and a kind; its sentence is rendered when it
is shown (`describe`), so removed or deleted content drops out of the list.

E-mails are content-free unless the member opted in (User.email_details): a
neutral sender and subject, no message text, no group or topic name, no other
person's pseudonym, only a link. Each e-mail has a unique key recorded in
EmailDelivery *before* it is sent, so a task that runs twice sends it once.
"""

import logging
import re
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from groups import access
from groups.models import JoinRequest, Membership, Message

from .notification_models import EmailDelivery, Notification, TopicFollow

log = logging.getLogger(__name__)
Kind = Notification.Kind

# The default subject, so it is in the translation catalogue.
DEFAULT_SUBJECT = gettext_noop("You have new activity")
MODERATOR_KINDS = [Kind.JOIN_REQUEST, Kind.URGENT]
COUNT_TTL = 60  # seconds the bell's count may lag a change of access (new and read ones update it at once)
MENTION_RE = re.compile(r"(?<![\w@])@(\w[\w .\-]{0,29})")


# --- who hears about what ----------------------------------------------------


def on_message_saved(message_id, kind):
    """A message was posted, edited or approved: follows, replies, mentions, urgent flags."""
    message = Message.objects.select_related("topic", "group", "author").filter(pk=message_id).first()
    if message is None:
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
        created += _fan_out(message, Kind.MENTION, mentioned, need=access.Need.READ)
        if kind != "edit" and not message.topic.is_chat:
            followers = set(TopicFollow.objects.filter(topic_id=message.topic_id).values_list("user_id", flat=True))
            created += _fan_out(message, Kind.REPLY, followers - mentioned, need=access.Need.READ)
    return created


def _support_message_saved(message, kind):
    """A message in a support conversation: the other side hears of it (never followers or mentions)."""
    if kind == "edit" or message.status != Message.Status.PUBLISHED:
        return []
    topic = message.topic
    if message.author_id == topic.support_member_id:
        recipients = [u.pk for u in access.support_helpers(topic)]
    else:
        recipients = [topic.support_member_id]
    return notify_support(topic, [pk for pk in recipients if pk != message.author_id], message=message)


def notify_survey(group_by_user):
    """{user id: group id}: tell each person an anonymous survey is open (surveys/announce.py)."""
    created = Notification.objects.bulk_create(
        Notification(user_id=user_id, kind=Kind.SURVEY, group_id=group_id)
        for user_id, group_id in group_by_user.items()
    )
    for notification in created:
        transaction.on_commit(lambda pk=notification.pk: announce(pk), robust=True)
    return created


def notify_support(topic, user_ids, message=None):
    """Tell each of `user_ids` that a support conversation was opened (message None) or has a new message."""
    created = []
    for user_id in user_ids:
        if message is not None:
            created += _create(user_id, Kind.SUPPORT, message=message)
            continue
        notification = Notification.objects.create(
            user_id=user_id, kind=Kind.SUPPORT, group_id=topic.group_id, topic_id=topic.pk
        )
        transaction.on_commit(lambda pk=notification.pk: announce(pk))
        created.append(notification)
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
    created = _create(message.author_id, kinds[action], message=message, log_entry=_log_entry(message, actor_id))
    if action == "approved":
        created += on_message_saved(message_id, "message")
    return created


def _log_entry(message, actor_id):
    ModerationLog = apps.get_model("moderation", "ModerationLog")
    entries = ModerationLog.objects.filter(message=message).order_by("-created_at", "-id")
    if actor_id:
        entries = entries.filter(actor_id=actor_id)
    return entries.first()


def on_join_request_changed(join_request_id, status):
    """Moderators hear of a new request; the applicant hears of the decision."""
    request = JoinRequest.objects.filter(pk=join_request_id).first()
    if request is None:
        return []
    if status == JoinRequest.Status.PENDING:
        ids = _moderator_ids(request.group_id) - {request.user_id}
        return [n for uid in ids for n in _create(uid, Kind.JOIN_REQUEST, join_request=request, group=request.group)]
    if status in (JoinRequest.Status.APPROVED, JoinRequest.Status.DECLINED):
        return _create(request.user_id, Kind.JOIN_DECIDED, join_request=request, group=request.group)
    return []


def on_alert(alert_id, user_ids=None):
    """A harm-reduction alert: everyone who reads one of its groups (or `user_ids`)."""
    Alert = apps.get_model("moderation", "Alert")
    alert = Alert.objects.filter(pk=alert_id).first()
    if alert is None:
        return []
    targets = access_groups_of_alert(alert)
    members = Membership.objects.filter(group_id__in=targets)
    if user_ids is not None:
        members = members.filter(user_id__in=user_ids)
    first_group = dict(members.order_by("-group_id").values_list("user_id", "group_id"))
    created = []
    for user_id, group_id in first_group.items():
        created += _create(user_id, Kind.ALERT, alert_id=alert.pk, group_id=group_id)
    return created


def access_groups_of_alert(alert):
    if alert.all_groups:
        return list(apps.get_model("groups", "Group").objects.values_list("pk", flat=True))
    return list(alert.groups.values_list("pk", flat=True))


def notify_alert(alert_id, user_ids=None):
    """Entry point for the alerts work: queue notifications for a published alert (ids only)."""
    from . import tasks

    transaction.on_commit(lambda: enqueue(tasks.notify_alert, alert_id, user_ids))


SANCTION_KINDS = [Kind.MUTED, Kind.BANNED, Kind.BAN_ENDED, Kind.REMOVED]


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
    transaction.on_commit(lambda: announce(notification.pk), robust=True)
    return [notification]


def notify_standing_question(group, log_entry):
    """The group's moderators hear that a sanctioned person wrote to them (their notes page has it)."""
    created = []
    User = apps.get_model("accounts", "User")
    for user in User.objects.filter(pk__in=_moderator_ids(group.pk)).exclude(pk=log_entry.target_user_id):
        if access.can(user, group, access.Need.MODERATE):
            notification, new = Notification.objects.get_or_create(
                user=user, kind=Kind.STANDING_QUESTION, log_entry=log_entry, defaults={"group": group}
            )
            if new:
                transaction.on_commit(lambda pk=notification.pk: announce(pk), robust=True)
                created.append(notification)
    return created


def notify_messages_shown(user_id, group_id, last_message_id):
    """A moderator let all of a person's waiting messages through at once: one notification, not one each."""
    message = Message.objects.filter(pk=last_message_id, group_id=group_id, author_id=user_id).first()
    return _create(user_id, Kind.MESSAGES_SHOWN, message=message) if message is not None else []


def mentioned_user_ids(message):
    """People named as @pseudonym (any case) in the message, other than its author."""
    candidates = set()
    for match in MENTION_RE.finditer(message.body_source):
        words = match.group(1).split(" ")
        candidates.update(" ".join(words[:n]).strip(" .-").lower() for n in range(1, len(words) + 1))
    candidates.discard("")
    if not candidates:
        return set()
    found = (
        apps.get_model("accounts", "User")
        .objects.annotate(lower=Lower("display_name"))
        .filter(lower__in=candidates, is_active=True)
        .exclude(pk=message.author_id)
    )
    return set(found.values_list("pk", flat=True))


def _urgent_fan_out(message):
    """Urgent flags go through the duty escalation (moderation/duty/escalation.py): the people on duty
    first, then every moderator, then staff. The pipeline starts it in the message's own transaction;
    this catches an urgent item that reached the queue another way. Nothing is sent twice."""
    from moderation.duty import escalation

    return escalation.start_for_message(message.pk)


def _moderator_ids(group_id):
    roles = [Membership.Role.MODERATOR, Membership.Role.OWNER]
    return set(Membership.objects.filter(group_id=group_id, role__in=roles).values_list("user_id", flat=True))


def _fan_out(message, kind, user_ids, need=access.Need.MODERATE):
    User = apps.get_model("accounts", "User")
    created = []
    for user in User.objects.filter(pk__in=user_ids).exclude(pk=message.author_id):
        if access.can(user, message.group, need):
            created += _create(user.pk, kind, message=message)
    return created


def _create(user_id, kind, *, message=None, group=None, group_id=None, **refs):
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
    # robust: a cache or broker outage while announcing must not skip the other announcements, nor fail the
    # request that already committed (an urgent e-mail not queued is sent by the sweep).
    transaction.on_commit(lambda: announce(notification.pk), robust=True)
    return [notification]


def announce(notification_id):
    """After commit: update the bell on open pages, and e-mail at once when the member wants that."""
    from groups import live

    from . import tasks

    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None:
        return
    unread = unread_count(notification.user)
    cache.set(_count_key(notification.user_id), unread, COUNT_TTL)
    live.notification_event(notification.user_id, unread)
    if wants_email_now(notification):
        urgent = notification.kind == Kind.URGENT
        enqueue(tasks.send_urgent_email if urgent else tasks.send_notification_email, notification.pk)


def enqueue(task, *args):
    """Queue a task with ids; a broker or mail failure must never undo what a member did."""
    try:
        task.delay(*args)
    except Exception:
        log.exception("notifications: could not queue %s", task.name)


# --- reading -----------------------------------------------------------------


AUTHOR_KINDS = [
    Kind.MESSAGE_APPROVED,
    Kind.MESSAGE_REMOVED,
    Kind.MESSAGE_WARNED,
    Kind.MESSAGE_HIDDEN,
    Kind.MESSAGES_SHOWN,
]


def visible_notifications(user):
    """The user's notifications whose content they may still see."""
    if not user.is_authenticated:
        return Notification.objects.none()
    readable = access.readable_groups(user).values("pk")
    moderated = access.moderated_groups(user).values("pk")
    present = [Message.Status.PUBLISHED, Message.Status.HELD, Message.Status.HIDDEN]
    shown = (
        Q(kind__in=[Kind.REPLY, Kind.MENTION], group__in=readable, message__status=Message.Status.PUBLISHED)
        | Q(kind__in=MODERATOR_KINDS, group__in=moderated) & (Q(message__isnull=True) | Q(message__status__in=present))
        | Q(kind__in=AUTHOR_KINDS, message__status__in=[*present, "removed"])
        | Q(kind=Kind.JOIN_DECIDED)
        | Q(kind__in=SANCTION_KINDS)  # about the person themselves: no secret to keep from them
        | Q(kind=Kind.STANDING_QUESTION, group__in=moderated)
        | Q(kind=Kind.ALERT, group__in=readable)
        | Q(kind=Kind.SUPPORT, topic__in=access.visible_support_topics(user).values("pk"))
        | Q(kind=Kind.REMINDER)  # the member's own companion reminder (content-free)
        | Q(kind=Kind.SURVEY, group__in=readable)
    )
    return Notification.objects.filter(user=user).filter(shown)


def unread_count(user):
    return visible_notifications(user).filter(read_at__isnull=True).count()


def _count_key(user_id):
    return f"notifications:unread:{user_id}"


def cached_unread_count(user):
    """The bell's count, kept in the cache so a page view costs no query for it."""
    count = cache.get(_count_key(user.pk))
    if count is None:
        count = unread_count(user)
        cache.set(_count_key(user.pk), count, COUNT_TTL)
    return count


def access_notification(user, notification_id):
    """The user's own notification, or Http404 (someone else's is as absent as a missing one)."""
    notification = visible_notifications(user).filter(pk=notification_id).first()
    if notification is None:
        raise Http404("No notification here.")
    return notification


def mark_read(notification):
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk).update(read_at=timezone.now())
    cache.delete(_count_key(notification.user_id))


def mark_all_read(user):
    cache.delete(_count_key(user.pk))
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def follow_topic(user, topic):
    TopicFollow.objects.get_or_create(user=user, topic=topic)


def unfollow_topic(user, topic):
    TopicFollow.objects.filter(user=user, topic=topic).delete()


@dataclass(frozen=True)
class Line:
    notification: Notification
    text: str
    url: str


def lines(notifications, *, private=False):
    """Render notifications (a queryset of visible ones) as sentences with links, at display time.

    private: for an e-mail, whose sentences never name another person or quote a topic title.
    """
    from .notification_private import describe_private

    rows = list(notifications.select_related("message__author", "topic", "group", "join_request__user", "log_entry"))
    alerts = _alerts({n.alert_id for n in rows if n.alert_id})
    out = []
    for n in rows:
        if n.kind == Kind.ALERT and n.alert_id not in alerts:
            continue
        text = (describe_private(n) if private else None) or describe(n, alerts.get(n.alert_id))
        out.append(Line(n, text, target_url(n)))
    return out


def _alerts(ids):
    if not ids:
        return {}
    Alert = apps.get_model("moderation", "Alert")
    return {a.pk: a for a in Alert.objects.filter(pk__in=ids, withdrawn_at__isnull=True)}


def _name(user):
    return user.display_name if user else _("A former member")


def describe(n, alert=None):
    """One plain sentence for notification `n` (names and titles, never message text)."""
    group = n.group.name if n.group_id else ""
    topic = n.topic.title if n.topic_id and not n.topic.is_chat else _("the chat")
    values = {"group": group, "topic": topic}
    if n.message_id:
        values["name"] = _name(n.message.author)
    if n.kind == Kind.REPLY:
        return _("%(name)s replied in “%(topic)s” (%(group)s).") % values
    if n.kind == Kind.MENTION:
        return _("%(name)s mentioned you in “%(topic)s” (%(group)s).") % values
    if n.kind == Kind.MESSAGE_APPROVED:
        # Never "approved": the author may be someone in crisis whose words were held (issue 25).
        return _("Your message in “%(topic)s” (%(group)s) is visible to the group now.") % values
    if n.kind == Kind.MESSAGE_REMOVED:
        reason = n.log_entry.reason if n.log_entry_id and n.log_entry.reason else _("No reason was given.")
        return _("A moderator removed your message in “%(topic)s” (%(group)s). Reason: %(reason)s") % {
            **values,
            "reason": reason,
        }
    if n.kind == Kind.MESSAGE_WARNED:
        reason = n.log_entry.reason if n.log_entry_id and n.log_entry.reason else _("No reason was given.")
        return _(
            "A moderator sent you a warning about your message in “%(topic)s” (%(group)s). Reason: %(reason)s "
            "Please read the group's rules; ask a moderator if something is unclear."
        ) % {**values, "reason": reason}
    if n.kind == Kind.MESSAGE_HIDDEN:
        return (
            _(
                "Several members reported your message in “%(topic)s” (%(group)s), so it is hidden until a moderator "
                "reads it. You do not need to do anything."
            )
            % values
        )
    if n.kind == Kind.JOIN_DECIDED:
        if n.join_request.status == JoinRequest.Status.APPROVED:
            return _("Welcome: your request to join %(group)s was approved.") % values
        return _("Your request to join %(group)s was declined. The group page says what you can do next.") % values
    if n.kind == Kind.JOIN_REQUEST:
        return _("%(name)s asked to join %(group)s.") % {**values, "name": _name(n.join_request.user)}
    if n.kind == Kind.URGENT:
        return _("A message in “%(topic)s” (%(group)s) was flagged as urgent.") % values
    if n.kind == Kind.SUPPORT:
        if n.topic.support_member_id == n.user_id:
            if n.message_id is None:
                return _("A moderator of %(group)s opened a private conversation with you.") % values
            return _("A moderator of %(group)s wrote to you privately.") % values
        return _("%(name)s wrote in a private support conversation (%(group)s).") % {
            **values,
            "name": _name(n.topic.support_member),
        }
    if n.kind in SANCTION_KINDS or n.kind == Kind.MESSAGES_SHOWN:
        return describe_standing(n, values)
    if n.kind == Kind.STANDING_QUESTION:
        person = n.log_entry.target_user if n.log_entry_id else None
        return _("%(name)s wrote to the moderators of %(group)s about a mute, ban or removal.") % {
            **values,
            "name": _name(person),
        }
    if n.kind == Kind.SURVEY:
        return _("A short anonymous survey is open in %(group)s. Answering is optional.") % values
    if n.kind == Kind.REMINDER:
        return _("You have a reminder")  # never what it is about: that stays in the companion
    if n.kind == Kind.ALERT:
        title = alert.title if alert else ""
        return _("Harm-reduction alert: %(title)s") % {"title": title}
    return _("New activity.")


def describe_standing(n, values):
    """The sentence for a sanction or newcomer notification: what, why, until when, what to do next."""
    from groups.standing import when

    reason = n.log_entry.reason if n.log_entry_id and n.log_entry.reason else _("No reason was given.")
    values = {**values, "reason": reason}
    if n.kind == Kind.MESSAGES_SHOWN:
        return _("Your waiting messages in %(group)s are visible to the group now.") % values
    if n.kind == Kind.MUTED:
        membership = Membership.objects.filter(group_id=n.group_id, user_id=n.user_id).first()
        until = membership.muted_until if membership and membership.is_muted() else None
        if until is None:
            return _("A moderator muted you in %(group)s for a while; that mute has ended.") % values
        return _(
            "A moderator muted you in %(group)s until %(until)s: you can read, but not write. Reason: %(reason)s "
            "Your standing page says how to ask a moderator about it."
        ) % {**values, "until": when(until)}
    if n.kind == Kind.BANNED:
        ban = n.group.bans.filter(user_id=n.user_id, created_at__lte=n.created_at).order_by("-created_at").first()
        if ban is not None and ban.ends_at:
            return _(
                "A moderator banned you from %(group)s until %(until)s. Reason: %(reason)s "
                "Your standing page says how to ask a moderator about it."
            ) % {**values, "until": when(ban.ends_at)}
        return (
            _(
                "A moderator banned you from %(group)s, with no end date. Reason: %(reason)s "
                "Your standing page says how to ask a moderator about it."
            )
            % values
        )
    if n.kind == Kind.BAN_ENDED:
        if Membership.objects.filter(group_id=n.group_id, user_id=n.user_id).exists():
            return _("Your ban from %(group)s has ended. Welcome back: you are a member again.") % values
        return _("Your ban from %(group)s has ended. You can ask to join again from the group's page.") % values
    return (
        _(
            "A moderator removed you from %(group)s. Reason: %(reason)s You can ask to join again later; "
            "your standing page says how to ask a moderator about it."
        )
        % values
    )


def target_url(n):
    """Where opening the notification leads."""
    fallback = reverse("accounts:notifications")
    try:
        if n.kind in (Kind.REPLY, Kind.MENTION, Kind.MESSAGE_APPROVED) and n.topic_id:
            return f"{n.topic.get_absolute_url()}#m{n.message_id}"
        if n.kind == Kind.REMINDER:
            return reverse("accounts:companion-reminders")
        if n.kind == Kind.SURVEY:
            return n.group.get_absolute_url()  # the group page lists the open surveys
        if n.kind == Kind.SUPPORT:
            return reverse("groups:support-detail", args=[n.group.slug, n.topic_id])
        if n.kind in MODERATOR_KINDS:
            return _reverse_first(["moderation:queue"], [n.group.slug]) or n.group.get_absolute_url()
        approved = n.kind == Kind.JOIN_DECIDED and n.join_request.status == JoinRequest.Status.APPROVED
        if n.kind in SANCTION_KINDS:
            return reverse("groups:my-standing", args=[n.group.slug])
        if n.kind == Kind.STANDING_QUESTION and n.log_entry_id and n.log_entry.target_user_id:
            return reverse("moderation:member-notes", args=[n.group.slug, n.log_entry.target_user_id])
        if n.kind == Kind.MESSAGES_SHOWN and n.topic_id:
            return f"{n.topic.get_absolute_url()}#m{n.message_id}"
        if n.kind == Kind.ALERT or approved:
            return n.group.get_absolute_url()
    except NoReverseMatch:
        pass
    return fallback


def _reverse_first(names, args):
    for name in names:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return None


# --- e-mail --------------------------------------------------------------------


def wants_email_now(notification):
    user = notification.user
    if not user.is_active or notification.read_at or notification.emailed_at:
        return False
    if notification.kind == Kind.URGENT and user.urgent_email:
        return True
    return user.email_frequency == user.EmailFrequency.IMMEDIATE


def send_notification_email(notification_id):
    """Send the immediate e-mail for one notification, at most once. True when sent."""
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or not wants_email_now(notification):
        return False
    if not visible_notifications(notification.user).filter(pk=notification.pk).exists():
        return False
    sent = deliver_once(f"notification:{notification.pk}", notification.user, [notification])
    return sent


URGENT_SWEEP_GRACE = 2  # minutes the queued task has before the sweep sends in its place
URGENT_SWEEP_MAX_AGE = 24 * 60  # minutes: an urgent flag older than this is no longer news by e-mail
STALE_DELIVERY = 15  # minutes after which an unsent delivery record means a worker died mid-send


def sweep_urgent_emails(now=None):
    """Send every urgent e-mail still unsent: never queued (broker down), or its task gave up.

    Each goes through `send_notification_email`, so the EmailDelivery key keeps it to one e-mail
    however often the sweep runs. A mail error leaves it for the next sweep. Returns how many were sent.
    """
    from datetime import timedelta

    now = now or timezone.now()
    pending = Notification.objects.filter(
        kind=Kind.URGENT,
        read_at__isnull=True,
        emailed_at__isnull=True,
        user__is_active=True,
        user__urgent_email=True,
        created_at__lte=now - timedelta(minutes=URGENT_SWEEP_GRACE),
        created_at__gte=now - timedelta(minutes=URGENT_SWEEP_MAX_AGE),
    )
    sent = 0
    for pk in pending.values_list("pk", flat=True):
        EmailDelivery.objects.filter(
            key=f"notification:{pk}", sent_at__isnull=True, created_at__lte=now - timedelta(minutes=STALE_DELIVERY)
        ).delete()
        try:
            sent += bool(send_notification_email(pk))
        except Exception:
            log.exception("notifications: urgent e-mail %s not sent; the next sweep tries again", pk)
    return sent


def pending_digest(user):
    """Unread notifications not e-mailed yet, for the daily digest."""
    return visible_notifications(user).filter(read_at__isnull=True, emailed_at__isnull=True)


def digest_user_ids():
    User = apps.get_model("accounts", "User")
    pending = Notification.objects.filter(read_at__isnull=True, emailed_at__isnull=True).values("user_id")
    return list(
        User.objects.filter(is_active=True, email_frequency=User.EmailFrequency.DIGEST, pk__in=pending).values_list(
            "pk", flat=True
        )
    )


def send_digest(user_id, day):
    """Send `user_id`'s digest for `day` (ISO date), at most once. True when sent."""
    User = apps.get_model("accounts", "User")
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or user.email_frequency != User.EmailFrequency.DIGEST:
        return False
    notifications = list(pending_digest(user))
    if not notifications:
        return False
    return deliver_once(f"digest:{user.pk}:{day}", user, notifications)


def deliver_once(key, user, notifications):
    """Record `key` before sending; if it exists, send nothing. A failed send frees the key for a retry."""
    try:
        with transaction.atomic():
            delivery = EmailDelivery.objects.create(key=key, user=user)
    except IntegrityError:
        return False
    try:
        render_email(user, notifications).send(fail_silently=False)
    except BaseException:
        EmailDelivery.objects.filter(pk=delivery.pk).delete()
        raise
    now = timezone.now()
    EmailDelivery.objects.filter(pk=delivery.pk).update(sent_at=now)
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed_at=now)
    log.info("notifications: e-mail %s sent (%d items)", delivery.pk, len(notifications))
    return True


def render_email(user, notifications):
    """The e-mail, in the member's language; details only when they opted in."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "count": len(notifications),
            "link": settings.SITE_URL.rstrip("/") + reverse("accounts:notifications"),
            "settings_link": settings.SITE_URL.rstrip("/") + reverse("accounts:settings"),
            "details": [line.text for line in lines(_by_ids(notifications), private=True)]
            if user.email_details
            else [],
        }
        subject = _(settings.NOTIFICATION_SUBJECT)  # the operator's text, translated when known
        body = render_to_string("emails/notification.txt", context)
    return EmailMessage(subject, body, settings.NOTIFICATION_FROM_EMAIL, [user.email])


def _by_ids(notifications):
    return Notification.objects.filter(pk__in=[n.pk for n in notifications])
