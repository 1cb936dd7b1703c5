"""Support conversations: who may read and write in the private line between a member and its helpers.

A support conversation (Topic.support_member set) is private: the member, the group's moderators and the people
on duty for the group read and write in it. Everyone else, staff who are not on duty included, gets the 404 of
something that does not exist.

A consultation at the outreach desk travels the same way (a private topic of the desk's group), but its door is
the desk's own (outreach/access.py, registered in its AppConfig.ready): only the person and the consultant on
the case. These functions ask that door for desk topics, and the support pages never open one.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from moderation.duty import roster

from ..models import Group, Membership, Message, Topic
from .groups import membership_exists
from .standing import MODERATING, NOT_FOUND, Role, acts_as_staff, standing

_desk_door = None


def register_desk_door(door):
    """`door` answers `role(user, topic)` ("member", "helper" or None), `post_refusal(user, topic)` and
    `helpers(topic)` for the topics of the outreach desk's group."""
    global _desk_door
    _desk_door = door


def _desk_topic(topic):
    if topic.group.is_desk and _desk_door is None:
        raise Http404(NOT_FOUND)  # no door registered: nobody gets in
    return topic.group.is_desk


def _on_duty_for(user, group):
    """A slot or shift of `user` covers now (the caller knows they are staff, so they may moderate `group`)."""
    return user.pk in roster.rostered_ids(group)


def may_help_in_support(user, group):
    """True when `user` may read and answer any support conversation of `group` (not as its member)."""
    if not user.is_authenticated or not user.is_active:
        return False
    st = standing(user, group)
    if st.role in (Role.MODERATOR, Role.OWNER):
        return True
    return st.role == Role.STAFF and _on_duty_for(user, group)


def support_role(user, topic):
    """ "member", "helper" or None: how `user` stands in the support conversation `topic`."""
    if not user.is_authenticated or not user.is_active or topic.support_member_id is None:
        return None
    if _desk_topic(topic):
        return _desk_door.role(user, topic)
    if topic.support_member_id == user.pk:
        return "member"
    return "helper" if may_help_in_support(user, topic.group) else None


def access_support(user, slug, topic_id):
    """(the support conversation, "member" or "helper"), or Http404 for everyone else (staff included)."""
    topic = (
        Topic.objects.select_related("group", "support_member")
        .filter(group__slug=slug, group__is_desk=False, pk=topic_id, support_member__isnull=False)
        .first()
    )
    role = support_role(user, topic) if topic is not None else None
    if role is None:
        raise Http404(NOT_FOUND)
    return topic, role


def support_post_refusal(user, topic):
    """None when `user` may write in the support conversation now, else the sentence to show."""
    if support_role(user, topic) is None:
        raise Http404(NOT_FOUND)
    if _desk_topic(topic):
        return _desk_door.post_refusal(user, topic)
    if topic.support_ended_at is not None:
        return _("This conversation has ended. You can start a new one from the group's page.")
    return None


def support_messages(user, topic):
    """Messages of a support conversation that `user` may read (none for outsiders)."""
    if support_role(user, topic) is None:
        return Message.objects.none()
    return Message.objects.filter(topic=topic, status=Message.Status.PUBLISHED)


def visible_support_topics(user, group=None):
    """Support conversations `user` may read: their own, and those of groups they may help in."""
    if not user.is_authenticated or not user.is_active:
        return Topic.objects.none()
    own = Q(support_member=user)
    candidates = [group] if group is not None else _support_candidate_groups(user)
    helped = [g.pk for g in candidates if may_help_in_support(user, g)]
    topics = Topic.objects.filter(support_member__isnull=False, group__is_desk=False).filter(
        own | Q(group_id__in=helped)
    )
    return topics.filter(group=group) if group is not None else topics


def _support_candidate_groups(user):
    """The groups `user` might help in, found cheaply (the bell asks on every page): those they moderate, and
    every group only for staff who are on duty somewhere right now."""
    if acts_as_staff(user):
        every, groups = roster.rostered_groups(user)
        if every or groups:  # staff may moderate every group, so any cover puts them on duty
            return list(Group.objects.all())
    return list(Group.objects.filter(membership_exists(user, role__in=MODERATING)))


def support_helpers(topic):
    """Who hears of a member's words in a support conversation: the helpers already in it (they opened it or
    wrote in it), else everyone who may help in the group (its moderators and the people on duty)."""
    if _desk_topic(topic):
        return _desk_door.helpers(topic)
    User = get_user_model()
    joined = set(topic.messages.exclude(author=None).values_list("author_id", flat=True))
    joined.add(topic.support_opened_by_id)
    joined -= {topic.support_member_id, None}
    present = [u for u in User.objects.filter(pk__in=joined, is_active=True) if may_help_in_support(u, topic.group)]
    if present:
        return present
    ids = set(Membership.objects.filter(group=topic.group, role__in=MODERATING).values_list("user_id", flat=True))
    ids |= set(roster.rostered_ids(topic.group))  # those who may not moderate drop out below
    ids.discard(topic.support_member_id)
    return [u for u in User.objects.filter(pk__in=ids, is_active=True) if may_help_in_support(u, topic.group)]
