"""Fetch and authorise on the way in: join requests and invitation links."""

from django.http import Http404

from ..models import Group, Invitation, JoinRequest, hash_token
from .standing import NOT_FOUND, Need, Role, check, standing


def access_join_request(user, slug, request_id):
    """A join request of the group `slug`, for its applicant or for the group's moderators.

    The applicant may always read their own request (they know the group, even a
    hidden one), unless banned from the group. Anyone else needs Need.MODERATE,
    checked before the id is looked up, so ids cannot be probed.
    """
    group = Group.objects.filter(slug=slug).first()
    if group is None:
        raise Http404(NOT_FOUND)
    join_request = JoinRequest.objects.select_related("user", "group").filter(group=group, pk=request_id).first()
    own = join_request is not None and user.is_authenticated and join_request.user_id == user.pk
    if own and standing(user, group).role != Role.BANNED:
        return join_request
    check(user, group, Need.MODERATE)
    if join_request is None:
        raise Http404(NOT_FOUND)
    return join_request


def find_join_request(pk):
    """The join request `pk` with its group, or None: for the notification fan-out, which tells its
    applicant and the group's moderators (``people.moderator_ids``), never a page."""
    return JoinRequest.objects.select_related("group").filter(pk=pk).first()


def access_invitation(user, token):
    """The invitation behind a raw link token, or Http404. Holding the link lets one see the group's name,
    rules and questions; whether the person may use it is `groups.membership.actions.invitation_refusal`."""
    invitation = find_invitation(token)
    if invitation is None:
        raise Http404(NOT_FOUND)
    return invitation


def find_invitation(token):
    """The invitation behind a raw link token, or None."""
    if not token or len(token) > 100:
        return None
    return Invitation.objects.select_related("group").filter(token_hash=hash_token(token)).first()


def access_invitation_id(user, pk):
    """The invitation whose id the session kept when its link was opened signed out (holding the link
    was checked then), or Http404."""
    invitation = Invitation.objects.select_related("group").filter(pk=pk).first() if isinstance(pk, int) else None
    if invitation is None:
        raise Http404(NOT_FOUND)
    return invitation
