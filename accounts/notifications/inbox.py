"""The inbox: which notifications a person may see, the bell's count, and their sentences.

A notification stores references and a kind; its sentence is rendered when it
is shown (`describe`), so removed or deleted content drops out of the list.
The display-time filter (`visible_notifications`) asks the gate again, so a
notification never shows what its reader may no longer read.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Q
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from groups import access
from groups.access import when
from groups.models import JoinRequest, Message
from moderation.models import Alert

from .models import Notification, TopicFollow
from .private import describe_private

Kind = Notification.Kind

MODERATOR_KINDS = [Kind.JOIN_REQUEST, Kind.URGENT]
SANCTION_KINDS = [Kind.MUTED, Kind.BANNED, Kind.BAN_ENDED, Kind.REMOVED]
COUNT_TTL = 60  # seconds the bell's count may lag a change of access (new and read ones update it at once)

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
        | Q(kind__in=[Kind.SURVEY, Kind.PRO_MODERATOR], group__in=readable)
        | Q(kind=Kind.CONSULTATION) & _consultation_open_to(user)
    )
    return Notification.objects.filter(user=user).filter(shown)


def _consultation_open_to(user):
    """A desk notification stays while its consultation is the person's own, on this consultant's case, or
    still waiting (the desk's gate decides the rest when it is opened: outreach/access.py)."""
    case = Q(topic__consultation__person=user) | Q(topic__consultation__consultant=user)
    return case | Q(topic__consultation__state="waiting")


def unread_count(user):
    return visible_notifications(user).filter(read_at__isnull=True).count()


def count_key(user_id):
    return f"notifications:unread:{user_id}"


def refresh_unread_count(user):
    """Count again and keep it for the bell (a new notification: the count changes at once)."""
    count = unread_count(user)
    cache.set(count_key(user.pk), count, COUNT_TTL)
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
    cache.delete(count_key(notification.user_id))


def mark_all_read(user):
    cache.delete(count_key(user.pk))
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
    return {a.pk: a for a in Alert.objects.filter(pk__in=ids, withdrawn_at__isnull=True)}


def _reason(n):
    """The moderator's reason from the log row, put into words in the reader's language now."""
    said = n.log_entry.reason_text() if n.log_entry_id else ""
    return said or _("No reason was given.")


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
        reason = _reason(n)
        return _("A moderator removed your message in “%(topic)s” (%(group)s). Reason: %(reason)s") % {
            **values,
            "reason": reason,
        }
    if n.kind == Kind.MESSAGE_WARNED:
        reason = _reason(n)
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
    if n.kind == Kind.CONSULTATION:  # never what it is about: a lock screen must not out anyone
        if n.topic.support_member_id == n.user_id:
            return _("A consultant wrote to you at the outreach desk.")
        if n.message_id is None:
            return _("Someone is waiting for a consultant at the outreach desk.")
        return _("A new message in a consultation you are on.")
    if n.kind in SANCTION_KINDS or n.kind == Kind.MESSAGES_SHOWN:
        return describe_standing(n, values)
    if n.kind == Kind.STANDING_QUESTION:
        person = n.log_entry.target_user if n.log_entry_id else None
        return _("%(name)s wrote to the moderators of %(group)s about a mute, ban or removal.") % {
            **values,
            "name": _name(person),
        }
    if n.kind == Kind.PRO_MODERATOR:
        person = n.log_entry.target_user if n.log_entry_id else None
        return _("%(name)s, a professional, is now a moderator of %(group)s and reads what is written there.") % {
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
    reason = _reason(n)
    values = {**values, "reason": reason}
    if n.kind == Kind.MESSAGES_SHOWN:
        return _("Your waiting messages in %(group)s are visible to the group now.") % values
    if n.kind == Kind.MUTED:
        membership = access.own_membership(n.user_id, n.group_id)
        until = membership.muted_until if membership and membership.is_muted() else None
        if until is None:
            return _("A moderator muted you in %(group)s for a while; that mute has ended.") % values
        return _(
            "A moderator muted you in %(group)s until %(until)s: you can read, but not write. Reason: %(reason)s "
            "Your standing page says how to ask a moderator about it."
        ) % {**values, "until": when(until)}
    if n.kind == Kind.BANNED:
        ban = access.last_ban_before(n.user_id, n.group_id, n.created_at)
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
        if access.has_membership(n.user_id, n.group_id):
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
        if n.kind in (Kind.SURVEY, Kind.PRO_MODERATOR):
            return n.group.get_absolute_url()  # the group page lists the open surveys and who moderates
        if n.kind == Kind.SUPPORT:
            return reverse("groups:support-detail", args=[n.group.slug, n.topic_id])
        if n.kind == Kind.CONSULTATION and n.message_id is None and n.topic.support_member_id != n.user_id:
            return reverse("outreach:desk")  # "someone is waiting" / "handed to you": the desk's queue and cases
        if n.kind == Kind.CONSULTATION:
            return reverse("outreach:consultation", args=[n.topic.consultation.pk])
        if n.kind in MODERATOR_KINDS:
            return _reverse_or_none("moderation:queue", [n.group.slug]) or n.group.get_absolute_url()
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


def _reverse_or_none(name, args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None
