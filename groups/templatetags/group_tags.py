"""Template helpers over the gate (groups/access/); no membership logic of their own."""

from django import template

from accounts import ignoring
from groups import access
from groups.content import client_ids
from groups.membership import members
from groups.models import JoinRequest

register = template.Library()


@register.simple_tag
def my_groups(user):
    """The groups `user` may read (with their role) and their open or declined requests elsewhere."""
    if not user.is_authenticated:
        return {"memberships": [], "requests": []}
    memberships = list(access.own_memberships(user, access.readable_groups(user)).order_by("group__name"))
    inside = {m.group_id for m in memberships}
    unread = members.unread_by_group(user, memberships, ignoring.ignored_subquery(user))
    for membership in memberships:
        membership.unread = unread.get(membership.group_id, 0)
    statuses = [JoinRequest.Status.PENDING, JoinRequest.Status.DECLINED]
    requests = access.own_join_requests(user, statuses).exclude(group_id__in=inside).order_by("-created_at")[:5]
    return {"memberships": memberships, "requests": list(requests)}


@register.simple_tag
def can(user, group, need):
    """`{% can user group "moderate" as may_moderate %}`: the gate's yes/no for templates."""
    return access.can(user, group, access.Need(need))


@register.simple_tag
def new_client_id():
    """A fresh client id for the composer's no-script post: sent twice (a reload, a double tap), it is saved once."""
    return client_ids.new()
