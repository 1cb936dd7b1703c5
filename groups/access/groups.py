"""Fetch and authorise: groups, topics, messages and the people of a group, in one step each.

Every `access_*` fetches by the ids a URL or a frame carries *and* authorises, or raises: the same
Http404 for what does not exist and for what the user may not know of, PermissionDenied with a
sentence for what they may see but not do. The `*_groups` querysets agree with `can`
(tests/groups/access/test_consistency.py proves it).
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils.translation import gettext as _

from ..models import Ban, Group, JoinRequest, Membership, Message, Topic
from .handshake import standing_at
from .standing import (
    MODERATING,
    NOT_FOUND,
    Need,
    acts_as_staff,
    check,
    lacks_second_factor,
    refusal,
    second_factor_refusal,
)


def access_standing(user, slug, need=Need.READ):
    """The user's Standing in the group `slug` (the group is `.group`), authorised for `need`; the same
    404 for unseen and absent. For pages that ask more of the Standing (powers, posting, messages)."""
    group, st = standing_at(user, slug)  # one statement for a member, as a socket's handshake
    if group is None:
        raise Http404(NOT_FOUND)
    reason = refusal(st, need)
    if reason:
        raise PermissionDenied(reason)
    return st


def access_group(user, slug, need=Need.READ):
    """The group `slug`, authorised for `need` (`access_standing(...).group`)."""
    return access_standing(user, slug, need).group


def access_topic(user, slug, topic_id, need=Need.READ):
    """(topic, Standing) for a discussion or chat topic of group `slug`, authorised for `need`.

    Support conversations never come through this door. A missing topic answers exactly as the group
    would (404 or 403), then 404; the group comes with the topic, one query fewer than group-then-topic.
    """
    topic = (
        Topic.objects.select_related("group").filter(group__slug=slug, pk=topic_id, support_member__isnull=True).first()
    )
    if topic is None:
        access_standing(user, slug, need)
        raise Http404(NOT_FOUND)
    return topic, check(user, topic.group, need)


def access_message(user, slug, message_id, need=Need.READ):
    """A message of group `slug` that `user` may see, after authorising `need` there; 404 otherwise.

    Authors reach their own held or hidden messages; moderators those of everyone (``Standing.messages``).
    """
    st = access_standing(user, slug, need)
    message = st.messages().select_related("group", "topic", "author").filter(pk=message_id).first()
    if message is None:
        raise Http404(NOT_FOUND)
    return message


def group_person(st, user_id, footprint=False):
    """The person `user_id`, for a moderator of the group of `st` to act on or read about; Http404 otherwise.

    A member of the group, or someone who asked to join it (a ban may fall on an applicant); with
    `footprint`, also anyone who wrote in it or is banned from it (the moderators' notes on a person).
    """
    if not st.allows(Need.MODERATE):
        raise Http404(NOT_FOUND)
    group = st.group
    traces = Q(memberships__group=group) | Q(join_requests__group=group)
    if footprint:
        traces |= Q(Exists(Message.objects.filter(group=group, author=OuterRef("pk"))))
        traces |= Q(Exists(Ban.objects.filter(group=group, user=OuterRef("pk"))))
    person = get_user_model().objects.filter(traces, pk=user_id).distinct().first()
    if person is None:
        raise Http404(NOT_FOUND)
    return person


def _groups_where(user, condition):
    """Groups for a signed-in, active, non-staff `user` that pass `condition(user)` and do not ban them.

    Anonymous and inactive people get none; staff get all (they see everything).
    """
    if not user.is_authenticated or not user.is_active:
        return Group.objects.none()
    if acts_as_staff(user):
        return Group.objects.all()
    banned = Ban.objects.filter(Ban.active_q(), group=OuterRef("pk"), user=user)
    return Group.objects.filter(~Exists(banned) & condition(user))


def membership_exists(user, **extra):
    """Exists(a membership of `user` in the outer group), for querysets over groups."""
    return Exists(Membership.objects.filter(group=OuterRef("pk"), user=user, **extra))


def visible_groups(user):
    """Groups whose existence `user` may know (Need.SEE)."""

    def member_applicant_or_listed(u):
        pending = JoinRequest.objects.filter(group=OuterRef("pk"), user=u, status=JoinRequest.Status.PENDING)
        return membership_exists(u) | Exists(pending) | Q(visibility=Group.Visibility.LISTED, archived_at__isnull=True)

    return _groups_where(user, member_applicant_or_listed)


def readable_groups(user):
    """Groups whose content `user` may read (Need.READ)."""
    return _groups_where(user, membership_exists)


def moderated_groups(user):
    """Groups `user` may moderate (Need.MODERATE)."""
    if lacks_second_factor(user):
        return Group.objects.none()
    return _groups_where(user, lambda u: membership_exists(u, role__in=MODERATING))


def check_alert_publisher(user, alert=None):
    """Staff and professional accounts publish alerts; only staff or its author change one.

    Raises PermissionDenied with what to do instead. Alerts are not secret
    (their groups read them), so a refusal is a 403, never a 404.
    """
    if user.is_authenticated and user.is_staff and not user.is_professional and lacks_second_factor(user):
        raise PermissionDenied(second_factor_refusal())
    if not (acts_as_staff(user) or user.is_authenticated and user.is_active and user.is_professional):
        raise PermissionDenied(
            _(
                "Only staff and professional accounts publish alerts. "
                "To warn others, send an anonymous bad-batch report."
            )
        )
    if alert is not None and not acts_as_staff(user) and alert.created_by_id != user.pk:
        raise PermissionDenied(_("Only staff can change an alert someone else published. Ask a staff member."))


def check_staff(user):
    """Staff-only pages (the bad-batch queue); PermissionDenied for everyone else."""
    if user.is_authenticated and user.is_staff and lacks_second_factor(user):
        raise PermissionDenied(second_factor_refusal())
    if not acts_as_staff(user):
        raise PermissionDenied(_("Only staff can do this. If something needs attention, contact the staff."))


def access_staff_group(user, slug):
    """The group `slug` for staff's own pages (settings, languages, moderators): the 404 of an absent group
    for whoever may not know of it, PermissionDenied for everyone else who is not staff (with two-factor)."""
    group = access_standing(user, slug, Need.SEE).group
    check_staff(user)
    return group
