"""Where one person stands in one group, and what that standing allows.

`standing(user, group)` reads the Standing fresh (or from the memo of the running GET request);
`Standing.refusal(need)` / `Standing.allows(need)` / `Standing.messages()` answer from it without
further queries, so a page that holds a Standing asks it rather than the gate's user-and-group
shorthands (`can`, `visible_messages`), which read the Standing first.
"""

from dataclasses import dataclass, replace
from enum import StrEnum

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Q
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..models import Ban, Group, JoinRequest, Membership, Message
from .memo import memo, per_request

NOT_FOUND = "No group here."
MODERATING = (Membership.Role.MODERATOR, Membership.Role.OWNER)  # membership roles that moderate a group


class Need(StrEnum):
    SEE = "see"  # know the group exists: name, description, rules, own join request
    READ = "read"  # read topics, messages and the chat
    POST = "post"  # write messages and topics
    MODERATE = "moderate"  # vet, work the queue, remove, mute, ban, edit rules and invitations
    MANAGE = "manage"  # appoint moderators, change group settings (owner, staff)


class Role(StrEnum):
    ANONYMOUS = "anonymous"
    OUTSIDER = "outsider"
    APPLICANT = "applicant"
    BANNED = "banned"
    MEMBER = "member"
    MODERATOR = "moderator"
    OWNER = "owner"
    STAFF = "staff"


_ALLOWED = {
    Need.SEE: {Role.APPLICANT, Role.MEMBER, Role.MODERATOR, Role.OWNER, Role.STAFF},
    Need.READ: {Role.MEMBER, Role.MODERATOR, Role.OWNER, Role.STAFF},
    Need.POST: {Role.MEMBER, Role.MODERATOR, Role.OWNER},
    Need.MODERATE: {Role.MODERATOR, Role.OWNER, Role.STAFF},
    Need.MANAGE: {Role.OWNER, Role.STAFF},
}


@dataclass(frozen=True)
class MessageRule:
    """Which of a group's messages (never a support conversation's) a Standing shows: those whose status is in
    `shown` to everyone it lets read, and those in `own` to their author `author_id` alone."""

    shown: tuple
    own: tuple = ()
    author_id: int | None = None


@dataclass(frozen=True)
class Standing:
    """Where one person stands in one group, read fresh from the database."""

    group: Group
    role: Role
    membership: Membership | None = None
    # True when the person would moderate here (or is staff) but has no second factor yet: the gate
    # then grants what an ordinary member gets, and refusals say how to set two-factor sign-in up.
    second_factor_missing: bool = False
    user_id: int | None = None

    @property
    def is_member(self):
        return self.membership is not None

    @property
    def is_moderator(self):
        return self.role in (Role.MODERATOR, Role.OWNER, Role.STAFF)

    def may_see(self):
        if self.role in _ALLOWED[Need.SEE]:
            return True
        listed = self.group.visibility == Group.Visibility.LISTED and not self.group.archived_at
        return self.role == Role.OUTSIDER and listed

    def refusal(self, need):
        """None when allowed; otherwise the sentence to show (raises Http404 if the group is unseeable)."""
        return refusal(self, need)

    def allows(self, need):
        """Yes or no, without queries (template tags and pages that hold a Standing)."""
        try:
            return refusal(self, need) is None
        except Http404:
            return False

    def messages(self):
        """Messages of the group this person may see.

        Everyone who may read sees published messages; authors also see their own held or hidden
        ones ("waiting for a moderator"); moderators see those of everyone. Removed and deleted
        messages are shown to nobody here, and support conversations never come through this door.
        """
        rule = self.message_rule()
        if rule is None:
            return Message.objects.none()
        messages = Message.objects.filter(group=self.group, topic__support_member__isnull=True)
        if not rule.own:
            return messages.filter(status__in=rule.shown)
        return messages.filter(Q(status__in=rule.shown) | Q(status__in=rule.own, author_id=rule.author_id))

    def message_rule(self):
        """The rule `messages()` applies, or None when nothing is shown (access/replay.py reads it too)."""
        if not self.may_see() or self.role not in _ALLOWED[Need.READ]:
            return None
        waiting = (Message.Status.HELD, Message.Status.HIDDEN)
        if self.is_moderator:
            return MessageRule(shown=(Message.Status.PUBLISHED, *waiting))
        return MessageRule(shown=(Message.Status.PUBLISHED,), own=waiting, author_id=self.user_id)


def standing(user, group):
    """Where `user` stands in `group`: one query for members, two for everyone else."""
    if not user.is_authenticated or not user.is_active:
        return Standing(group, Role.ANONYMOUS)
    remembered = memo()
    key = ("standing", user.pk, user.is_staff, group.pk)
    if remembered is not None and key in remembered:
        return replace(remembered[key], group=group)
    st = _read_standing(user, group)
    if remembered is not None:
        remembered[key] = st
    return st


def _read_standing(user, group):
    if group.is_desk:  # nobody belongs to the outreach desk's group; its consultations have their own door
        return Standing(group, Role.OUTSIDER, user_id=user.pk)
    guarded = lacks_second_factor(user)
    if user.is_staff and not guarded:
        membership = Membership.objects.filter(group=group, user=user).first()
        return Standing(group, Role.STAFF, membership, user_id=user.pk)
    banned = Ban.objects.filter(Ban.active_q(), group=group, user=user)
    membership = Membership.objects.filter(group=group, user=user).annotate(gate_banned=Exists(banned)).first()
    if membership is not None:
        return _member_standing(user, group, membership, guarded)
    pending = JoinRequest.objects.filter(group=group, user=user, status=JoinRequest.Status.PENDING)
    is_banned, is_pending = Group.objects.filter(pk=group.pk).values_list(Exists(banned), Exists(pending)).get()
    if is_banned:
        return Standing(group, Role.BANNED, user_id=user.pk)
    role = Role.APPLICANT if is_pending else Role.OUTSIDER
    return Standing(group, role, second_factor_missing=guarded and user.is_staff, user_id=user.pk)


def _member_standing(user, group, membership, guarded):
    """The Standing of a member (annotated with `gate_banned`); while `guarded` (a required second
    factor is missing) a moderator or owner stands as an ordinary member."""
    if membership.gate_banned:
        return Standing(group, Role.BANNED, user_id=user.pk)
    role = Role(membership.role)
    elevated = user.is_staff or role in (Role.MODERATOR, Role.OWNER)
    if guarded and elevated:
        return Standing(group, Role.MEMBER, membership, second_factor_missing=True, user_id=user.pk)
    return Standing(group, role, membership, user_id=user.pk)


def read_standing_of(user, membership):
    """The Standing a membership read with its annotations (access/handshake.py: a ban, whether the person moderates
    a group and has a second factor, for a socket frame also the newest rules' version) gives `user` (no query),
    remembered like `standing`'s."""
    group = membership.group
    guarded = lacks_second_factor(user, read=membership)
    if user.is_staff and not guarded:
        st = Standing(group, Role.STAFF, membership, user_id=user.pk)
    else:
        st = _member_standing(user, group, membership, guarded)
    if (remembered := memo()) is not None:
        remembered[("standing", user.pk, user.is_staff, group.pk)] = st
    return st


# --- two-factor sign-in ------------------------------------------------------------------------------------------


def must_use_two_factor(user, read=None):
    """True when `user` is staff or moderates a group (whether or not a second factor is set up).

    At most one indexed query, remembered for the rest of a GET request (the navigation's queue count and the
    two-factor check both ask): most people moderate nothing, so moderation/queue.py asks this first too.
    `read`: a membership that `reread` annotated with `moderates_a_group` (then no query).
    """
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    if read is not None:
        return per_request(("moderates-a-group", user.pk), lambda: read.moderates_a_group)
    return per_request(
        ("moderates-a-group", user.pk), lambda: Membership.objects.filter(user=user, role__in=MODERATING).exists()
    )


def lacks_second_factor(user, read=None):
    """True while two-factor sign-in is required (``settings.MFA_REQUIRED_FOR_MODERATORS``) and `user`,
    who is staff or moderates a group, has not set up TOTP yet.

    The gate then grants such a person at most what an ordinary member of a group gets: no moderating,
    no managing, no staff reading of groups they do not belong to, no staff pages. Remembered for the
    rest of a GET request; sockets and tasks ask afresh on every frame. `read`: a membership that `reread`
    annotated with `moderates_a_group` and `has_totp`, so a socket frame's re-check makes no query of its own.
    """
    if not settings.MFA_REQUIRED_FOR_MODERATORS or not user.is_authenticated:
        return False

    def missing():
        if not must_use_two_factor(user, read):
            return False
        if read is not None:
            return not read.has_totp
        return not Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()

    return per_request(("second-factor-missing", user.pk), missing)


def acts_as_staff(user):
    """Staff powers: an active staff account with its second factor in place (where one is required)."""
    return user.is_authenticated and user.is_active and user.is_staff and not lacks_second_factor(user)


def second_factor_refusal():
    return _(
        "You help keep groups safe, so moderator and staff tools need two-factor sign-in. "
        "Set up an authenticator app in your account settings (Two-factor sign-in): it takes a minute, "
        "then these pages open for you."
    )


# --- the rules ---------------------------------------------------------------------------------------------------


def refusal(st, need):
    """None when allowed; otherwise the sentence to show (raises Http404 if unseeable)."""
    if not st.may_see():
        raise Http404(NOT_FOUND)
    if need == Need.SEE or st.role in _ALLOWED[need] and need != Need.POST:
        return None
    if need == Need.POST and st.role in _ALLOWED[Need.POST]:
        return posting_refusal(st)
    if st.second_factor_missing and need != Need.POST:
        return second_factor_refusal()
    if st.role == Role.APPLICANT:
        return _("Your request to join is waiting for a moderator. You can read the rules meanwhile.")
    if st.role == Role.OUTSIDER:
        return _("This group is closed. Ask to join, or use an invitation from a moderator, to read it.")
    if need == Need.POST:
        return _("Only members can write here.")
    return _("Only the group's moderators can do this.")


def posting_refusal(st):
    if st.group.archived_at:
        return archived_refusal(st.group)
    membership = st.membership
    if membership.is_muted():
        return _("You are muted in this group until %(when)s. You can still read.") % {
            "when": date_format(timezone.localtime(membership.muted_until), "DATETIME_FORMAT")
        }
    if membership.is_moderator:
        return None
    if hasattr(membership, "newest_rules_version"):  # read with the membership (reread: a socket frame)
        newest = membership.newest_rules_version
    else:
        rules = per_request(("rules", st.group.pk), st.group.current_rules)
        newest = rules.version if rules else None
    if newest and membership.rules_version_accepted < newest:
        return _("The group's rules have changed. Please read and accept them before you write.")
    return None


def archived_refusal(group):
    return _(
        "This group was archived on %(date)s. Everything written here stays readable, but nobody can write here "
        "any more."
    ) % {"date": date_format(timezone.localtime(group.archived_at), "DATE_FORMAT")}


def check(user, group, need):
    """Raise Http404 or PermissionDenied unless `user` may do `need` in `group`; return the Standing."""
    st = standing(user, group)
    reason = refusal(st, need)
    if reason:
        raise PermissionDenied(reason)
    return st


def can(user, group, need):
    """`standing(user, group).allows(need)`: the yes/no for templates, consumers and tasks."""
    return standing(user, group).allows(need)


def visible_messages(user, group):
    """`standing(user, group).messages()`: the messages of `group` that `user` may see."""
    return standing(user, group).messages()
