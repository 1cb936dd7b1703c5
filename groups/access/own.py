"""A person's own standing in a group: a mute, a ban, a removal, told to them in plain words.

They were members: there is no secret to keep from them about their own sanction, so the page
and the notifications say what happened, why (the moderator's words), until when, and what to
do next. Nothing here says anything about anyone else.

The page is part of the gate (`access_own_sanction`), so the reads of one's own membership and bans
live here too.
"""

from dataclasses import dataclass
from datetime import datetime

from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format

from moderation.models import ModerationLog

from ..models import Ban, Group, JoinRequest, Membership
from .standing import NOT_FOUND


def when(moment):
    """A date and time in the reader's time zone and language."""
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


@dataclass(frozen=True)
class OwnStanding:
    membership: Membership | None
    ban: Ban | None  # the active ban
    ban_reason: str  # the moderator's words from the log (the ban row keeps the same text)
    muted_until: datetime | None
    mute_reason: str
    departure: ModerationLog | None  # how the membership ended (removed, or left), when it is not back
    ended_ban: Ban | None  # the last ban that ended, when nothing is active

    @property
    def removal(self):
        return self.departure if self.departure and self.departure.action == "member_removed" else None

    @property
    def sanctioned(self):
        return bool(self.ban or self.muted_until or self.removal)


DEPARTURES = ["member_removed", "left"]


def _last_log(group, user, actions):
    return ModerationLog.objects.filter(group=group, target_user=user, action__in=actions).order_by("-id").first()


def own_standing(user, group, now=None):
    """What `user` may know about their own standing in `group` at `now`."""
    now = now or timezone.now()
    membership = Membership.objects.filter(group=group, user=user).first()
    bans = Ban.objects.filter(group=group, user=user).order_by("-created_at", "-id")
    ban = bans.filter(Ban.active_q(now)).first()
    muted_until = membership.muted_until if membership and membership.is_muted(now) and not ban else None
    mute = _last_log(group, user, ["mute"]) if muted_until else None
    departure = _last_log(group, user, DEPARTURES) if membership is None and ban is None else None
    return OwnStanding(
        membership=membership,
        ban=ban,
        ban_reason=ban.reason_text() if ban else "",
        muted_until=muted_until,
        mute_reason=mute.reason_text() if mute else "",
        departure=departure,
        ended_ban=None if ban else bans.exclude(Ban.active_q(now)).first(),
    )


def has_own_standing(user, group):
    """True when `user` has a standing of their own to read in `group`: a member (sanctioned or not),
    or someone who was banned, removed or left. Everyone else has nothing to read there."""
    if Membership.objects.filter(group=group, user=user).exists():
        return True
    if Ban.objects.filter(group=group, user=user).exists():
        return True
    return ModerationLog.objects.filter(group=group, target_user=user, action__in=DEPARTURES).exists()


def access_own_sanction(user, slug):
    """The group `slug` for the page where `user` reads their own standing in it, or Http404.

    Open to members (their own standing only) and to people a moderator banned or removed, even from
    a hidden group: they were members, and it is their own sanction. Everyone else gets the 404 of a
    group that does not exist; nothing about anyone else is ever shown there.
    """
    group = Group.objects.filter(slug=slug).first()
    if group is None or not user.is_authenticated or not user.is_active or not has_own_standing(user, group):
        raise Http404(NOT_FOUND)
    return group


# --- one's own rows, for one's own pages and export -----------------------------------------------------------------


def own_roles(user):
    """{group id: role} of `user`'s memberships."""
    return dict(Membership.objects.filter(user=user).values_list("group_id", "role"))


def pending_group_ids(user):
    """Ids of the groups where `user` has a request waiting."""
    pending = JoinRequest.objects.filter(user=user, status=JoinRequest.Status.PENDING)
    return set(pending.values_list("group_id", flat=True))


def own_join_request(user, group, pending=False):
    """`user`'s latest join request to `group` (only a waiting one with `pending`), or None."""
    requests = JoinRequest.objects.filter(group=group, user=user)
    if pending:
        requests = requests.filter(status=JoinRequest.Status.PENDING)
    return requests.order_by("-created_at", "-id").first()


def own_membership(user, group):
    """`user`'s membership of `group` (objects or ids), or None."""
    return Membership.objects.filter(group=group, user=user).first()


def last_ban_before(user, group, moment):
    """The latest ban of `user` from `group` (objects or ids) made at or before `moment`, or None."""
    bans = Ban.objects.filter(group=group, user=user, created_at__lte=moment)
    return bans.order_by("-created_at").first()


def own_memberships(user, groups=None):
    """`user`'s memberships with their groups (only in `groups` when given), by group name."""
    rows = Membership.objects.filter(user=user).select_related("group")
    return rows.filter(group__in=groups) if groups is not None else rows


def own_join_requests(user, statuses=None):
    """`user`'s join requests with their groups (only with `statuses` when given)."""
    rows = JoinRequest.objects.filter(user=user).select_related("group")
    return rows.filter(status__in=statuses) if statuses is not None else rows


def own_bans(user):
    """Every ban of `user`, with its group."""
    return Ban.objects.filter(user=user).select_related("group")
