"""Managing the people of a group: rules and questions, roles, mutes, bans, removals, leaving.

The same contract as ``actions.py``: each function re-checks the actor through ``groups/access``,
refuses with ``PermissionDenied(sentence)`` or ``ValidationError``, writes in one transaction with
a ``ModerationLog`` row, and closes sockets and tells the person only after commit.
"""

import operator
from datetime import timedelta
from functools import reduce

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from moderation import queue
from moderation.models import ModeratorNote
from moderation.pipeline import Kind, submit
from peersupport.params import client_int
from peersupport.reasons import Reason, as_reason

from .. import access, limits, live
from ..access import Need, Role
from ..models import (
    Ban,
    Group,
    GroupRules,
    JoinRequest,
    Membership,
    Message,
    Topic,
    TopicReadMark,
)
from ..signals import member_sanctioned, professional_moderator_appointed, standing_question_asked
from .actions import announce, current_rules_version
from .texts import set_questions, texts_in_each_language  # noqa: F401  (callers keep `members.set_questions`)


def check_target(actor, group, user):
    """Moderators act on members; only the owner or staff act on moderators; nobody on themselves or staff."""
    if user.pk == actor.pk:
        raise PermissionDenied(_("You cannot do this to yourself. To leave the group, use “Leave this group”."))
    if user.is_staff:
        raise PermissionDenied(_("Staff accounts are managed by the staff. Please ask them."))
    actor_role = access.standing(actor, group).role
    target = Membership.objects.filter(group=group, user=user).first()
    if target is None or not target.is_moderator or actor_role == Role.STAFF:
        return target
    if target.role == Membership.Role.OWNER or actor_role != Role.OWNER:
        raise PermissionDenied(_("Only the group's owner or staff can act on a moderator. Please ask them."))
    return target


# --- helpers -----------------------------------------------------------------


def _tell_sanction(user, group, kind, entry):
    """The person hears what happened, why and until when: the signal's receiver (accounts/notifications)
    writes the notification in this transaction, so it is never lost."""
    member_sanctioned.send(sender=None, user_id=user.pk, kind=kind, group_id=group.pk, log_entry=entry)


def _close_sockets(user, group, reason):
    user_id, group_id = user.pk, group.pk
    transaction.on_commit(lambda: live.close_user_sockets(user_id, group_id, reason))


# --- read marks ---------------------------------------------------------------


def mark_read(user, group, message_id):
    """Move the member's read mark forward to `message_id` (never back, never past the newest message).

    Returns the read mark now stored, or None for someone without a membership.
    """
    newest = group.messages.aggregate(newest=Max("pk"))["newest"] or 0
    mark_shown_read(user, group, min(client_int(message_id, 0), newest))
    return Membership.objects.filter(group=group, user=user).values_list("last_read_message_id", flat=True).first()


def mark_shown_read(user, group, message_id):
    """The newest message of a page just shown to `user` (an id the server chose, so never past the newest
    message): their read mark moves forward to it, in one query."""
    Membership.objects.filter(group=group, user=user, last_read_message_id__lt=message_id).update(
        last_read_message_id=message_id
    )


def last_read(user, group):
    mark = Membership.objects.filter(group=group, user=user).values_list("last_read_message_id", flat=True).first()
    return mark or 0


def mark_topic_read(user, topic, message_id, newest=False):
    """A page of discussion `topic` up to `message_id` was shown to `user`: their mark there moves forward,
    in one query. On the topic's newest page (`newest`) the mark becomes that message's, made if need be;
    on an older page it only moves forward, never back, and is never made."""
    if newest:
        TopicReadMark.objects.bulk_create(
            [TopicReadMark(user=user, topic=topic, last_read_message_id=message_id)],
            update_conflicts=True,
            unique_fields=["topic", "user"],
            update_fields=["last_read_message_id"],
        )
        return
    TopicReadMark.objects.filter(user=user, topic=topic, last_read_message_id__lt=message_id).update(
        last_read_message_id=message_id
    )


def own_read_marks(user):
    """How far `user` has read each discussion topic, for their data export."""
    rows = TopicReadMark.objects.filter(user=user).select_related("topic__group").order_by("pk")
    return [
        {"group": r.topic.group.name, "topic": r.topic.title, "last_read_message_id": r.last_read_message_id}
        for r in rows
    ]


def _unread(user, ignored, memberships, chat_ids, marks):
    """Published messages by others (never by people `user` ignores, see accounts/ignoring.py) not read
    yet, and written since they joined: in the chat, above its read mark on the membership; in a discussion
    topic, above the topic's read mark, or anything in a topic never opened. Private topics never count.

    Each branch names a topic or a group with a bound, so the database reads only the unread rows through
    an index ((topic, status, id) and (group, created_at)), never a whole group's messages.
    `memberships`: rows with group_id, last_read_message_id and joined_at; `chat_ids`: {group id: chat topic
    id}; `marks`: {topic id: (group id, read mark)}."""
    branches = []
    for m in memberships:
        chat = chat_ids.get(m.group_id)
        read = {topic_id: mark for topic_id, (group_id, mark) in marks.items() if group_id == m.group_id}
        if chat is not None:
            read[chat] = m.last_read_message_id
        inside = [Q(topic_id=topic_id, pk__gt=mark) for topic_id, mark in read.items()] + [~Q(topic_id__in=list(read))]
        branches.append(Q(group_id=m.group_id, created_at__gt=m.joined_at) & reduce(operator.or_, inside))
    if not branches:
        return Message.objects.none()
    rows = Message.objects.filter(status=Message.Status.PUBLISHED, topic__support_member__isnull=True)
    rows = rows.exclude(author_id=user.pk).exclude(author_id__in=ignored)
    return rows.filter(reduce(operator.or_, branches)).order_by()


def _marks(user, **where):
    rows = TopicReadMark.objects.filter(user=user, **where)
    return {topic_id: (group_id, mark) for topic_id, group_id, mark in rows.values_list(
        "topic_id", "topic__group_id", "last_read_message_id"
    )}  # fmt: skip


def unread_by_group(user, memberships, ignored):
    """{group id: unread messages} for the home page, given `user`'s memberships there: three queries,
    however many groups."""
    group_ids = [m.group_id for m in memberships]
    if not group_ids:
        return {}
    chats = dict(Topic.objects.filter(group_id__in=group_ids, is_chat=True).values_list("group_id", "pk"))
    unread = _unread(user, ignored, memberships, chats, _marks(user, topic__group_id__in=group_ids))
    return dict(unread.values_list("group_id").annotate(n=Count("pk")))


def unread_by_topic(user, membership, topic_ids, ignored):
    """{topic id: unread messages} for a page of the topic list, given `user`'s membership of its group (the
    Standing's): two queries, however many topics; {} for someone who is not a member (staff reading in)."""
    if membership is None or not topic_ids:
        return {}
    unread = _unread(user, ignored, [membership], {}, _marks(user, topic_id__in=topic_ids))
    return dict(unread.filter(topic_id__in=topic_ids).values_list("topic_id").annotate(n=Count("pk")))


# --- rules and questions -------------------------------------------------------


def publish_rules(actor, group, texts):
    """A new version of the rules, one text per language of the group (`texts`: {language: text}, or one
    text for a group run in one language). Members accept the version before they write again."""
    access.check(actor, group, Need.MODERATE)
    texts = texts_in_each_language(group, texts)
    with transaction.atomic():
        Group.objects.select_for_update().filter(pk=group.pk).first()
        version = current_rules_version(group) + 1
        GroupRules.objects.bulk_create(
            GroupRules(group=group, version=version, language=lang, text=text, created_by=actor)
            for lang, text in texts.items()
        )
        Membership.objects.filter(group=group, user=actor).update(rules_version_accepted=version)
        queue.record(actor, group, "rules_published", reason=Reason("rules_version", {"version": version}))
    return group.current_rules()


# --- inside the group ----------------------------------------------------------


def ban_member(actor, group, user, reason, ends_at=None, now=None):
    """Ban (optionally until `ends_at`); any pending request ends, sockets close now, the person is told.

    A ban with an end suspends the membership: the Membership row stays (the gate reads an active
    ban as BANNED whatever the row says), so when the ban ends the person is a member again with
    their role and accepted rules. A ban without an end is an expulsion: the membership goes.
    """
    now = now or timezone.now()
    access.check(actor, group, Need.MODERATE)
    check_target(actor, group, user)
    reason = as_reason(reason)
    if not reason:
        raise ValidationError(_("Give a reason for the ban; the moderators' log keeps it."))
    if ends_at is not None and ends_at <= now:
        raise ValidationError(_("The end of the ban must be in the future, or leave it empty."))
    with transaction.atomic():
        if Ban.objects.filter(Ban.active_q(now), group=group, user=user).exists():
            raise PermissionDenied(_("This person is already banned. Lift that ban first to set a different one."))
        ban = Ban.objects.create(
            group=group, user=user, **_ban_reason(reason), banned_by=actor, ends_at=ends_at, created_at=now
        )
        if ends_at is None:
            Membership.objects.filter(group=group, user=user).delete()
        for pending in JoinRequest.objects.filter(group=group, user=user, status=JoinRequest.Status.PENDING):
            pending.status, pending.decided_at, pending.decided_by = JoinRequest.Status.DECLINED, now, actor
            pending.save(update_fields=["status", "decided_at", "decided_by"])
            queue.resolve_items(actor, join_request=pending)
            announce(pending)
        entry = queue.record(actor, group, "ban", target_user=user, reason=reason)
        _tell_sanction(user, group, "banned", entry)
        _close_sockets(user, group, "banned")
    return ban


def _ban_reason(reason):
    fields = reason.fields()
    return {**fields, "reason": fields["reason"][: limits.REASON]}


def lift_ban(actor, ban, reason="", now=None):
    """Lift an active ban now, and tell the person. A ban with an end gives the membership back; after
    a ban without one the person may see the group again and ask to join (the decline that came with
    the ban starts no cool-off, see ``cool_off_until``)."""
    now = now or timezone.now()
    access.check(actor, ban.group, Need.MODERATE)
    with transaction.atomic():
        if not Ban.objects.filter(Ban.active_q(now), pk=ban.pk).update(lifted_at=now, ended_at=now):
            raise PermissionDenied(_("This ban has already ended or been lifted. There is nothing more to do."))
        entry = queue.record(
            actor, ban.group, "ban_lifted", target_user=ban.user, reason=(reason or "").strip()[: limits.REASON]
        )
        _tell_sanction(ban.user, ban.group, "ban_ended", entry)
    ban.refresh_from_db()
    return ban


def end_bans(now=None):
    """Deal with bans whose end has come: the person is told (and is a member again if the ban kept
    their membership). Safe to run twice: each ban is dealt with once. Returns how many."""
    now = now or timezone.now()
    due = Ban.objects.filter(lifted_at__isnull=True, ended_at__isnull=True, ends_at__isnull=False, ends_at__lte=now)
    count = 0
    for ban_id in due.values_list("pk", flat=True)[:BAN_BATCH]:
        with transaction.atomic():
            ban = Ban.objects.select_for_update().select_related("group", "user").filter(pk=ban_id).first()
            if ban is None or ban.ended_at is not None:
                continue
            ban.ended_at = now
            ban.save(update_fields=["ended_at"])
            entry = queue.record(None, ban.group, "ban_ended", target_user=ban.user)
            _tell_sanction(ban.user, ban.group, "ban_ended", entry)
            count += 1
    return count


BAN_BATCH = 500


def mute_member(actor, group, user, until, reason=""):
    """Mute until `until` (None lifts the mute): the member reads but cannot write, and is told why."""
    access.check(actor, group, Need.MODERATE)
    membership = check_target(actor, group, user)
    if membership is None:
        raise PermissionDenied(_("This person is not a member of the group, so there is nothing to mute."))
    with transaction.atomic():
        membership.muted_until = until
        membership.save(update_fields=["muted_until"])
        entry = queue.record(actor, group, "mute" if until else "unmute", target_user=user, reason=as_reason(reason))
        if until:
            _tell_sanction(user, group, "muted", entry)
    return membership


def remove_member(actor, group, user, reason=""):
    """Remove a member for good (they may ask to join again later); sockets close now, they are told."""
    access.check(actor, group, Need.MODERATE)
    if check_target(actor, group, user) is None:
        raise PermissionDenied(_("This person is not a member of the group."))
    with transaction.atomic():
        Membership.objects.filter(group=group, user=user).delete()
        entry = queue.record(actor, group, "member_removed", target_user=user, reason=(reason or "").strip())
        _tell_sanction(user, group, "removed", entry)
        _close_sockets(user, group, "removed")


QUESTION_EVERY = timedelta(hours=24)  # one question about one's standing per group per day


def ask_about_standing(user, group, text, now=None):
    """A muted, banned or removed person asks the group's moderators about it.

    The text goes through the pipeline (plain text), is kept as a note on the person (the moderators'
    notes page shows it, with the person as its author) and the moderators are notified. One a day.
    """
    now = now or timezone.now()
    if not access.own_standing(user, group, now).sanctioned:
        raise PermissionDenied(_("Nothing limits what you can do in this group, so there is nothing to ask about."))
    last = ModeratorNote.objects.filter(group=group, member=user, author=user).order_by("-created_at").first()
    if last and last.created_at > now - QUESTION_EVERY:
        raise PermissionDenied(
            _("You wrote to the moderators on %(date)s. They will read it; you can write again from %(again)s.")
            % {
                "date": date_format(timezone.localtime(last.created_at), "DATETIME_FORMAT"),
                "again": date_format(timezone.localtime(last.created_at + QUESTION_EVERY), "DATETIME_FORMAT"),
            }
        )
    result = submit(user, group, text, kind=Kind.REPORT)
    if not result.ok:
        raise ValidationError(result.reason)
    if not result.text:
        raise ValidationError(_("Write a few words first: the message is empty."))
    with transaction.atomic():
        ModeratorNote.objects.create(group=group, member=user, author=user, text=result.text, created_at=now)
        entry = queue.record(user, group, "standing_question", target_user=user)
        standing_question_asked.send(sender=None, group=group, log_entry=entry)
    return entry


def leave_group(user, group):
    with transaction.atomic():
        deleted, _detail = Membership.objects.filter(group=group, user=user).delete()
        if not deleted:
            raise PermissionDenied(_("You are not a member of this group, so there is nothing to leave."))
        queue.record(user, group, "left", target_user=user)
        _close_sockets(user, group, "left")


def set_member_role(actor, group, user, role):
    """Owner or staff appoint or remove moderators; only staff appoint owners or professionals."""
    st = access.check(actor, group, Need.MANAGE)
    if role not in Membership.Role.values:
        raise ValidationError(_("Choose one of the roles offered."))
    is_staff = st.role == Role.STAFF
    if user.pk == actor.pk and not is_staff:
        raise PermissionDenied(_("You cannot change your own role. Ask staff."))
    if role == Membership.Role.OWNER and not is_staff:
        raise PermissionDenied(_("Only staff can appoint an owner."))
    if user.is_professional and role == Membership.Role.MEMBER:
        raise PermissionDenied(_("Professionals cannot be ordinary members. Remove them from the group instead."))
    if user.is_professional and not is_staff:
        raise PermissionDenied(_("Only staff can appoint a professional as a moderator."))
    with transaction.atomic():
        membership = Membership.objects.filter(group=group, user=user).first()
        if membership is None and not is_staff:
            raise PermissionDenied(_("Only members can be appointed. Invite them to the group first."))
        if membership is not None and membership.role == Membership.Role.OWNER and not is_staff:
            raise PermissionDenied(_("Only staff can change an owner's role."))
        if Ban.objects.filter(Ban.active_q(), group=group, user=user).exists():
            raise PermissionDenied(_("This person is banned from the group. Lift the ban first."))
        if membership is None:
            membership = Membership(group=group, user=user, rules_version_accepted=current_rules_version(group))
        was_moderator = membership.pk is not None and membership.is_moderator
        membership.role = role
        membership.save()
        entry = queue.record(actor, group, f"role_{role}", target_user=user)
        if user.is_professional and membership.is_moderator and not was_moderator:
            professional_moderator_appointed.send(sender=None, group=group, log_entry=entry)
        user_id = user.pk
        transaction.on_commit(lambda: live.access_changed(user_id))
    return membership
