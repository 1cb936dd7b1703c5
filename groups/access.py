"""The one gate: who may see or do what in a group.

Every view, consumer, template tag and task asks this module; nothing else
checks membership by hand. Vocabulary (after Zulip and Healthchecks):

- ``access_group(user, slug, need)`` fetches *and* authorises, or raises.
- ``can(user, group, need)`` answers yes/no (templates, consumers).
- ``visible_*`` querysets list what a user may see; they agree with ``can``
  (tests/groups/test_access_consistency.py proves it).

A group the user may not even know of raises ``Http404`` with the same
message as a group that does not exist: a hidden group's existence is
private. A group the user may see but not use raises ``PermissionDenied``
carrying a plain sentence that says what to do next.
"""

from contextvars import ContextVar
from dataclasses import dataclass, replace
from enum import StrEnum

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.signals import post_delete, post_save
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Ban, Group, GroupRules, Invitation, JoinRequest, Membership, Message, Topic, hash_token

NOT_FOUND = "No group here."


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


@dataclass(frozen=True)
class Standing:
    """Where one person stands in one group, read fresh from the database."""

    group: Group
    role: Role
    membership: Membership | None = None
    # True when the person would moderate here (or is staff) but has no second factor yet: the gate
    # then grants what an ordinary member gets, and refusals say how to set two-factor sign-in up.
    second_factor_missing: bool = False

    @property
    def is_member(self):
        return self.membership is not None

    @property
    def is_moderator(self):
        return self.role in (Role.MODERATOR, Role.OWNER, Role.STAFF)


# One page asks the gate several times (the view, template tags, the navigation). While an HTTP
# GET/HEAD request runs, RememberStandingsMiddleware puts a dict here and `standing` reads each
# (user, group) once; any save or delete of a membership, ban, join request, group or user empties
# it. Consumers and tasks never run that middleware, so they always read fresh (every frame).
_memo = ContextVar("access_memo", default=None)


def standing(user, group):
    """Where `user` stands in `group`: one query for members, two for everyone else."""
    if not user.is_authenticated or not user.is_active:
        return Standing(group, Role.ANONYMOUS)
    memo = _memo.get()
    key = ("standing", user.pk, user.is_staff, group.pk)
    if memo is not None and key in memo:
        return replace(memo[key], group=group)
    st = _read_standing(user, group)
    if memo is not None:
        memo[key] = st
    return st


def _read_standing(user, group):
    guarded = lacks_second_factor(user)
    if user.is_staff and not guarded:
        return Standing(group, Role.STAFF, _membership(user, group))
    banned = Ban.objects.filter(Ban.active_q(), group=group, user=user)
    membership = Membership.objects.filter(group=group, user=user).annotate(gate_banned=Exists(banned)).first()
    if membership is not None:
        return _member_standing(user, group, membership, guarded)
    pending = JoinRequest.objects.filter(group=group, user=user, status=JoinRequest.Status.PENDING)
    is_banned, is_pending = Group.objects.filter(pk=group.pk).values_list(Exists(banned), Exists(pending)).get()
    if is_banned:
        return Standing(group, Role.BANNED)
    role = Role.APPLICANT if is_pending else Role.OUTSIDER
    return Standing(group, role, second_factor_missing=guarded and user.is_staff)


def _member_standing(user, group, membership, guarded):
    """The Standing of a member (annotated with `gate_banned`); while `guarded` (a required second
    factor is missing) a moderator or owner stands as an ordinary member."""
    if membership.gate_banned:
        return Standing(group, Role.BANNED)
    role = Role(membership.role)
    elevated = user.is_staff or role in (Role.MODERATOR, Role.OWNER)
    if guarded and elevated:
        return Standing(group, Role.MEMBER, membership, second_factor_missing=True)
    return Standing(group, role, membership)


def _membership(user, group):
    return Membership.objects.filter(group=group, user=user).first()


def reread(user, group):
    """(the person re-read from the database, their Standing in `group`), or (None, None) once the
    account is deactivated or deleted. For socket frames: one query for a member, who is nearly
    everyone on a group socket; the same answers as `standing` on a freshly loaded user."""
    banned = Ban.objects.filter(Ban.active_q(), group=group, user_id=user.pk)
    membership = (
        Membership.objects.filter(group=group, user_id=user.pk, user__is_active=True)
        .select_related("user")
        .annotate(gate_banned=Exists(banned))
        .first()
    )
    if membership is None:
        fresh = get_user_model().objects.filter(pk=user.pk, is_active=True).first()
        return (None, None) if fresh is None else (fresh, standing(fresh, group))
    fresh = membership.user
    guarded = lacks_second_factor(fresh)
    if fresh.is_staff and not guarded:
        st = Standing(group, Role.STAFF, membership)
    else:
        st = _member_standing(fresh, group, membership, guarded)
    if (memo := _memo.get()) is not None:
        memo[("standing", fresh.pk, fresh.is_staff, group.pk)] = st
    return fresh, st


def per_request(key, compute):
    """`compute()`, remembered for the rest of this GET request (see `_memo`); computed every time elsewhere."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def must_use_two_factor(user):
    """True when `user` is staff or moderates a group (whether or not a second factor is set up)."""
    if not user.is_authenticated:
        return False
    return _moderates_anything(user)


def lacks_second_factor(user):
    """True while two-factor sign-in is required (``settings.MFA_REQUIRED_FOR_MODERATORS``) and `user`,
    who is staff or moderates a group, has not set up TOTP yet.

    The gate then grants such a person at most what an ordinary member of a group gets: no moderating,
    no managing, no staff reading of groups they do not belong to, no staff pages. Remembered for the
    rest of a GET request; sockets and tasks ask afresh on every frame.
    """
    if not settings.MFA_REQUIRED_FOR_MODERATORS or not user.is_authenticated:
        return False

    def missing():
        if not must_use_two_factor(user):
            return False
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


def forget_standings(**kwargs):
    """Signal receiver: a write that may change someone's standing empties the memo."""
    memo = _memo.get()
    if memo:
        memo.clear()


for _sender in (Membership, Ban, JoinRequest, Group, GroupRules, Authenticator, settings.AUTH_USER_MODEL):
    for _name, _signal in (("save", post_save), ("delete", post_delete)):
        _signal.connect(forget_standings, sender=_sender, dispatch_uid=f"access.forget.{_name}.{_sender}")


def remembering(func, *args, **kwargs):
    """Call `func` with the memo on: one socket frame reads each standing once (and afresh the next frame)."""
    token = _memo.set({})
    try:
        return func(*args, **kwargs)
    finally:
        _memo.reset(token)


class RememberStandingsMiddleware:
    """Remember standings for the length of one GET or HEAD request, never longer (see `_memo`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)


_ALLOWED = {
    Need.SEE: {Role.APPLICANT, Role.MEMBER, Role.MODERATOR, Role.OWNER, Role.STAFF},
    Need.READ: {Role.MEMBER, Role.MODERATOR, Role.OWNER, Role.STAFF},
    Need.POST: {Role.MEMBER, Role.MODERATOR, Role.OWNER},
    Need.MODERATE: {Role.MODERATOR, Role.OWNER, Role.STAFF},
    Need.MANAGE: {Role.OWNER, Role.STAFF},
}


def _may_see(st):
    if st.role in _ALLOWED[Need.SEE]:
        return True
    return st.role == Role.OUTSIDER and st.group.visibility == Group.Visibility.LISTED


def refusal(st, need):
    """None when allowed; otherwise the sentence to show (raises Http404 if unseeable)."""
    if not _may_see(st):
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
    membership = st.membership
    if membership.is_muted():
        return _("You are muted in this group until %(when)s. You can still read.") % {
            "when": date_format(timezone.localtime(membership.muted_until), "DATETIME_FORMAT")
        }
    if membership.is_moderator:
        return None
    rules = per_request(("rules", st.group.pk), st.group.current_rules)
    if rules and membership.rules_version_accepted < rules.version:
        return _("The group's rules have changed. Please read and accept them before you write.")
    return None


def check(user, group, need):
    """Raise Http404 or PermissionDenied unless `user` may do `need` in `group`."""
    st = standing(user, group)
    reason = refusal(st, need)
    if reason:
        raise PermissionDenied(reason)
    return st


def can(user, group, need):
    try:
        return refusal(standing(user, group), need) is None
    except Http404:
        return False


def access_group(user, slug, need=Need.READ):
    """Fetch the group by slug and authorise; the same 404 for unseen and absent."""
    group = Group.objects.filter(slug=slug).first()
    if group is None:
        raise Http404(NOT_FOUND)
    check(user, group, need)
    return group


def access_group_standing(user, slug, need=Need.READ):
    """`access_group`, also returning the Standing so a page can ask `refusal(st, ...)` without new queries."""
    group = Group.objects.filter(slug=slug).first()
    if group is None:
        raise Http404(NOT_FOUND)
    return group, check(user, group, need)


def access_topic(user, slug, topic_id, need=Need.READ):
    group = access_group(user, slug, need)
    topic = Topic.objects.filter(group=group, pk=topic_id, support_member__isnull=True).first()
    if topic is None:
        raise Http404(NOT_FOUND)
    return topic


def access_message(user, message_id, need=Need.READ):
    """A message the user may see, for `need` in its group; authors may act on their own."""
    message = Message.objects.select_related("group", "topic", "author").filter(pk=message_id).first()
    if message is None:
        raise Http404(NOT_FOUND)
    check(user, message.group, need)
    if not visible_messages(user, message.group).filter(pk=message.pk).exists():
        raise Http404(NOT_FOUND)
    return message


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


def _member(user, **extra):
    return Exists(Membership.objects.filter(group=OuterRef("pk"), user=user, **extra))


def visible_groups(user):
    """Groups whose existence `user` may know (Need.SEE)."""

    def member_applicant_or_listed(u):
        pending = JoinRequest.objects.filter(group=OuterRef("pk"), user=u, status=JoinRequest.Status.PENDING)
        return _member(u) | Exists(pending) | Q(visibility=Group.Visibility.LISTED)

    return _groups_where(user, member_applicant_or_listed)


def readable_groups(user):
    """Groups whose content `user` may read (Need.READ)."""
    return _groups_where(user, _member)


def moderated_groups(user):
    """Groups `user` may moderate (Need.MODERATE)."""
    if lacks_second_factor(user):
        return Group.objects.none()
    moderating = [Membership.Role.MODERATOR, Membership.Role.OWNER]
    return _groups_where(user, lambda u: _member(u, role__in=moderating))


def moderation_totals(user):
    """{"groups": how many groups `user` moderates, "items": open queue items in them}; one query,
    remembered for the rest of a GET request (the two-factor check and the navigation both ask)."""

    def totals():
        open_items = Q(queue_items__status="open")  # QueueItem.Status.OPEN (moderation.models imports groups)
        return moderated_groups(user).aggregate(
            groups=Count("id", distinct=True), items=Count("queue_items", filter=open_items, distinct=True)
        )

    if not user.is_authenticated:
        return dict(NONE_MODERATED)
    return per_request(
        ("moderation-totals", user.pk),
        lambda: totals() if _moderates_anything(user) and not lacks_second_factor(user) else NONE_MODERATED,
    )


NONE_MODERATED = {"groups": 0, "items": 0}


def _moderates_anything(user):
    """A cheap first look: most people moderate nothing, and the aggregate is costly to build and run."""
    if user.is_staff:
        return True
    moderating = [Membership.Role.MODERATOR, Membership.Role.OWNER]
    return Membership.objects.filter(user=user, role__in=moderating).exists()


def visible_messages(user, group):
    """Messages of `group` that `user` may see.

    Everyone who may read sees published messages; authors also see their own
    held or hidden ones ("waiting for a moderator"); moderators see those of
    everyone. Removed and deleted messages are shown to nobody here.
    """
    return messages_for_standing(standing(user, group), user)


def messages_for_standing(st, user):
    """`visible_messages` for a Standing the caller already holds (saves queries on list pages)."""
    if not _may_see(st) or st.role not in _ALLOWED[Need.READ]:
        return Message.objects.none()
    # Support conversations are private to one member and their helpers: never through this door.
    messages = Message.objects.filter(group=st.group, topic__support_member__isnull=True)
    waiting = [Message.Status.HELD, Message.Status.HIDDEN]
    if st.is_moderator:
        return messages.filter(status__in=[Message.Status.PUBLISHED, *waiting])
    return messages.filter(Q(status=Message.Status.PUBLISHED) | Q(status__in=waiting, author=user))


def visible_topics(user, group):
    if not can(user, group, Need.READ):
        return Topic.objects.none()
    return Topic.objects.filter(group=group, support_member__isnull=True)


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


def access_invitation(user, token):
    """The invitation behind a raw link token, or Http404. Holding the link lets one see the group's name,
    rules and questions; whether the person may use it is `groups.actions.invitation_refusal`."""
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


def standing_allows(st, need):
    """`can` for a Standing the caller already holds: no queries (template tags on pages that have one)."""
    try:
        return refusal(st, need) is None
    except Http404:
        return False


# --- support conversations ----------------------------------------------------------------------------------------
# A support conversation (Topic.support_member set) is private: the member, the group's moderators and the people
# on duty for the group read and write in it. Everyone else, staff who are not on duty included, gets the 404 of
# something that does not exist.


def _people_on_duty(group):
    # The rota asks this gate who may moderate, so it is imported when needed, not at module level.
    from moderation.duty.rota import people_on_duty

    return people_on_duty(group)


def _on_duty_for(user, group):
    return any(person.pk == user.pk for person in _people_on_duty(group))


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
    if topic.support_member_id == user.pk:
        return "member"
    return "helper" if may_help_in_support(user, topic.group) else None


def access_support(user, slug, topic_id):
    """(the support conversation, "member" or "helper"), or Http404 for everyone else (staff included)."""
    topic = (
        Topic.objects.select_related("group", "support_member")
        .filter(group__slug=slug, pk=topic_id, support_member__isnull=False)
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
    topics = Topic.objects.filter(support_member__isnull=False).filter(own | Q(group_id__in=helped))
    return topics.filter(group=group) if group is not None else topics


def _support_candidate_groups(user):
    """The groups `user` might help in, found cheaply (the bell asks on every page): those they moderate, and
    every group only for staff who are on duty somewhere right now."""
    if acts_as_staff(user):
        from moderation.duty.rota import on_duty_anywhere  # the rota asks this gate too

        if on_duty_anywhere(user):
            return list(Group.objects.all())
    moderating = [Membership.Role.MODERATOR, Membership.Role.OWNER]
    return list(Group.objects.filter(_member(user, role__in=moderating)))


def support_helpers(topic):
    """Who hears of a member's words in a support conversation: the helpers already in it (they opened it or
    wrote in it), else everyone who may help in the group (its moderators and the people on duty)."""
    User = get_user_model()
    joined = set(topic.messages.exclude(author=None).values_list("author_id", flat=True))
    joined.add(topic.support_opened_by_id)
    joined -= {topic.support_member_id, None}
    present = [u for u in User.objects.filter(pk__in=joined, is_active=True) if may_help_in_support(u, topic.group)]
    if present:
        return present
    moderating = [Membership.Role.MODERATOR, Membership.Role.OWNER]
    ids = set(Membership.objects.filter(group=topic.group, role__in=moderating).values_list("user_id", flat=True))
    ids |= {person.pk for person in _people_on_duty(topic.group)}
    ids.discard(topic.support_member_id)
    return [u for u in User.objects.filter(pk__in=ids, is_active=True) if may_help_in_support(u, topic.group)]


# --- one's own standing (mutes, bans, removals) ----------------------------------------------------------------------


def access_own_sanction(user, slug):
    """The group `slug` for the page where `user` reads their own standing in it, or Http404.

    Open to members (their own standing only) and to people a moderator banned or removed, even from
    a hidden group: they were members, and it is their own sanction. Everyone else gets the 404 of a
    group that does not exist; nothing about anyone else is ever shown there.
    """
    from .standing import has_own_standing

    group = Group.objects.filter(slug=slug).first()
    if group is None or not user.is_authenticated or not user.is_active or not has_own_standing(user, group):
        raise Http404(NOT_FOUND)
    return group
