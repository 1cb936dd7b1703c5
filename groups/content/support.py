"""Support conversations: a private line between one member and the people who keep a group safe.

Opened by a moderator (from an urgent item or a member's notes) or by the member ("talk to a moderator
privately"). A support conversation is a Topic with `support_member` set, so its messages travel the one
pipeline and the one message model; the gate (`groups/access/`, `access_support`) lets only the member,
the group's moderators and the people on duty in, and keeps it out of every list, search and the group's
live channel. It ends, is kept for `SUPPORT_RETENTION_DAYS` after that, appears in the member's export and
goes with their account.

There are no private messages between members: in these groups a private line between peers is the
classic grooming route, and peers meet in the group.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from moderation import queue

from .. import access, live
from ..models import Topic
from ..signals import support_opened


def retention_days():
    return getattr(settings, "SUPPORT_RETENTION_DAYS", 30)


def open_conversation(group, member):
    """The member's open support conversation in `group`, or None."""
    return Topic.objects.filter(group=group, support_member=member, support_ended_at__isnull=True).first()


def _get_or_create(group, member, opener, now):
    existing = open_conversation(group, member)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            topic = Topic.objects.create(
                group=group,
                title="",
                created_by=opener,
                support_member=member,
                support_opened_by=opener,
                created_at=now,
                last_activity_at=now,
            )
    except IntegrityError:  # opened at the same moment by someone else
        return open_conversation(group, member), False
    return topic, True


def start_by_member(member, group, now=None):
    """The member asks to talk privately: their open conversation, or a new one. Members only."""
    access.check(member, group, access.Need.READ)
    if not access.has_membership(member, group):
        raise PermissionDenied(_("Only members of this group can talk to its moderators here."))
    now = now or timezone.now()
    with transaction.atomic():
        topic, created = _get_or_create(group, member, member, now)
        if created:
            queue.record(member, group, "support_requested", target_user=member)
            _tell_helpers(topic)
    return topic


def start_by_helper(helper, group, member, now=None):
    """A moderator (or someone on duty) opens a conversation with `member` and the member is told at once."""
    if not access.may_help_in_support(helper, group):
        access.check(helper, group, access.Need.MODERATE)  # raises the gate's own refusal
        raise Http404(access.NOT_FOUND)
    if member.pk == helper.pk or not access.has_membership(member, group):
        raise Http404(access.NOT_FOUND)
    now = now or timezone.now()
    with transaction.atomic():
        topic, created = _get_or_create(group, member, helper, now)
        if created:
            queue.record(helper, group, "support_opened", target_user=member)
            _tell_member(topic)
    return topic


def end(actor, topic, now=None):
    """End the conversation (the member or a helper may); it is then kept for `retention_days()`."""
    if access.support_role(actor, topic) is None:
        raise Http404(access.NOT_FOUND)
    if topic.support_ended_at is not None:
        return topic
    topic.support_ended_at = now or timezone.now()
    with transaction.atomic():
        topic.save(update_fields=["support_ended_at"])
        queue.record(actor, topic.group, "support_ended", target_user=topic.support_member)
    transaction.on_commit(lambda: live.support_event(topic.pk, "support.ended", {"topic": topic.pk}))
    return topic


def _tell_member(topic):
    support_opened.send(sender=None, topic=topic, user_ids=[topic.support_member_id])


def _tell_helpers(topic):
    support_opened.send(sender=None, topic=topic, user_ids=[u.pk for u in access.support_helpers(topic)])


def ended_sentence():
    days = retention_days()
    return ngettext(
        "The conversation has ended. It is kept for %(days)s day, then deleted. "
        "You can start a new one at any time from the group's page.",
        "The conversation has ended. It is kept for %(days)s days, then deleted. "
        "You can start a new one at any time from the group's page.",
        days,
    ) % {"days": days}


def purge_ended(now=None):
    """Delete support conversations that ended more than `retention_days()` ago; return how many."""
    cutoff = (now or timezone.now()) - timedelta(days=retention_days())
    ended = Topic.objects.filter(support_member__isnull=False, support_ended_at__lt=cutoff, group__is_desk=False)
    count, _detail = ended.delete()  # consultations at the outreach desk keep their own retention (outreach/)
    return count
