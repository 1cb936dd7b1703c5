"""Who is in a group: the people behind the pages and the fan-outs that list them.

With the membership actions (groups/membership/actions.py, members.py) this is the only place that
reads memberships, bans and join requests (tests/groups/test_structure.py fails when another product
module does). Pages call these after authorising; the fan-outs (notifications, surveys, the duty rota's
warnings) call them for recipients, so who hears of what is decided here.
"""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.http import Http404

from ..models import Ban, JoinRequest, Membership, Message
from .groups import access_standing
from .standing import MODERATING, NOT_FOUND, Need, Role


def moderator_ids(group_id):
    """Who hears of what waits for a group's moderators (a join request, a question about a sanction):
    the people whose membership makes them its moderators or owner.

    Staff are not told group by group, on purpose: they may moderate every group, but a notice in every
    group would drown the few that need them. Urgent items reach staff who are on duty through the duty
    escalation (moderation/duty/escalation.py: the people on duty first, then the moderators, then staff);
    a join request waits for the group's own moderators, and staff see every group's queue on its page.
    """
    found = Membership.objects.filter(group_id=group_id, role__in=MODERATING)
    return set(found.values_list("user_id", flat=True))


def reader_ids(group_ids=None, user_ids=None, order="group_id", active=False):
    """{user id: one of their groups} for the members of `group_ids` (every group when None): who hear of
    an alert or a survey for those groups, each person once, with their first group by `order`.

    Staff who are not members are not among them, on purpose: an alert or a survey is for the people of
    a group, and staff publish them. `active` leaves out deactivated accounts in the query itself.
    """
    members = Membership.objects.all() if group_ids is None else Membership.objects.filter(group_id__in=group_ids)
    if active:
        members = members.filter(user__is_active=True)
    if user_ids is not None:
        members = members.filter(user_id__in=user_ids)
    first = {}
    for user_id, group_id in members.order_by(order).values_list("user_id", "group_id"):
        first.setdefault(user_id, group_id)
    return first


def with_member_counts(groups):
    """`groups` annotated with `member_count` (the group list)."""
    return groups.annotate(member_count=Count("memberships"))


def member_count(group):
    return Membership.objects.filter(group=group).count()


def group_members(group):
    """The memberships of `group`, with their people, oldest first (the member list)."""
    return Membership.objects.filter(group=group).select_related("user").order_by("joined_at")


def pending_requests(group):
    return JoinRequest.objects.filter(group=group, status=JoinRequest.Status.PENDING).select_related("user")


def bans_of(group):
    """Every ban of `group`, newest first, with the banned person and the moderator."""
    return Ban.objects.filter(group=group).select_related("user", "banned_by").order_by("-created_at")


def access_ban(user, slug, ban_id):
    """A ban of the group `slug` for its moderators; the ban id is looked up only after authorising."""
    group = access_standing(user, slug, Need.MODERATE).group
    ban = Ban.objects.select_related("user", "group").filter(group=group, pk=ban_id).first()
    if ban is None:
        raise Http404(NOT_FOUND)
    return ban


def member_by_pseudonym(st, pseudonym):
    """The active person with this pseudonym (any case) whom the manager of `st` may appoint: a member of
    the group, or anyone for staff; None when there is nobody."""
    people = get_user_model().objects.filter(display_name__iexact=pseudonym, is_active=True)
    if st.role != Role.STAFF:
        people = people.filter(Exists(Membership.objects.filter(group=st.group, user=OuterRef("pk"))))
    return people.first()


def has_membership(user, group):
    """True when `user` has a membership row in `group` (a member, whether or not a ban suspends it)."""
    return Membership.objects.filter(group=group, user=user).exists()


def has_moderator(group):
    """True when an active person moderates `group` (its moderators or owner)."""
    return Membership.objects.filter(group=group, role__in=MODERATING, user__is_active=True).exists()


def moderator_exists():
    """Exists(an active moderator or owner of the outer group), to annotate querysets over groups."""
    return Exists(Membership.objects.filter(group=OuterRef("pk"), role__in=MODERATING, user__is_active=True))


def _readers(group):
    """Memberships of `group` whose people may read it now: active accounts, no ban in force."""
    banned = Ban.objects.filter(Ban.active_q(), group=group, user=OuterRef("user"))
    return Membership.objects.filter(group=group, user__is_active=True).exclude(Exists(banned))


def _named_readers(group):
    """The readers of `group` whom its members may know of: all of them where members see the member
    list; else its moderators (members always see who moderates) and those who have written in it."""
    readers = _readers(group)
    if group.members_see_member_list:
        return readers
    wrote = Message.objects.filter(
        group=group, author=OuterRef("user"), status=Message.Status.PUBLISHED, topic__support_member__isnull=True
    )
    return readers.filter(Q(role__in=MODERATING) | Q(Exists(wrote)))


def mention_choices(group, prefix, exclude_id=None, limit=8):
    """Pseudonyms starting with `prefix` (any case) of the readers of `group` its members may know of, for
    @mention autocomplete: pseudonyms only, alphabetical, at most `limit`. The caller has authorised reading."""
    rows = _named_readers(group).filter(user__display_name__istartswith=prefix).exclude(user_id=exclude_id)
    return list(rows.order_by("user__display_name").values_list("user__display_name", flat=True)[:limit])


def mentionable_names(group, candidates):
    """Of `candidates` (lower-case pseudonyms a text names), those `mention_choices` could offer, lower case:
    a highlight never tells a member that someone whose membership is hidden from them is in the group."""
    if not candidates:
        return set()
    rows = _named_readers(group).annotate(lower=Lower("user__display_name")).filter(lower__in=candidates)
    return set(rows.values_list("lower", flat=True))


def fellow_member(group, user_id, known_only=True):
    """The person `user_id` if they read `group` (a member with no ban in force) and, with `known_only`, are
    one its members may know of (`_named_readers`), else None: whom a reader of the group may ignore. An id
    must not tell a member that someone whose membership is hidden from them is in the group; moderators,
    who see the whole member list, pass `known_only=False`. The caller has authorised the actor's reading."""
    readers = _named_readers(group) if known_only else _readers(group)
    row = readers.select_related("user").filter(user_id=user_id).first()
    return row.user if row is not None else None


def author_moderates():
    """Exists(a moderator's or owner's membership of the outer message's author in its group), to annotate
    messages: the "Moderator" badge without a query per message."""
    return Exists(
        Membership.objects.filter(group=OuterRef("group_id"), user=OuterRef("author_id"), role__in=MODERATING)
    )


def group_moderators(group):
    """The moderators and owners of `group`, with their people, by pseudonym (staff's moderator page, the
    group page's notice of professionals who moderate it)."""
    found = Membership.objects.filter(group=group, role__in=MODERATING).select_related("user")
    return found.order_by("user__display_name", "pk")


def rules_accepted(group_id, version):
    """True when some member or applicant accepted this rules version (or a later one, having read it)."""
    accepted = {"group_id": group_id, "rules_version_accepted__gte": version}
    return Membership.objects.filter(**accepted).exists() or JoinRequest.objects.filter(**accepted).exists()


def moderating_pairs(user_ids, groups):
    """{(user id, group id)} of the people of `user_ids` whom the gate lets MODERATE each of `groups`, in at
    most three queries whatever the numbers (the staff dashboard's duty cover). Agrees with `can(user, group, MODERATE)`
    (tests/groups/access/test_consistency.py): active staff with their second factor moderate every group;
    others the groups where they are moderator or owner, not banned, with their second factor."""
    group_ids = [g.pk for g in groups if not g.is_desk]
    people = dict(get_user_model().objects.filter(pk__in=user_ids, is_active=True).values_list("pk", "is_staff"))
    totp = set(people)
    if settings.MFA_REQUIRED_FOR_MODERATORS and people:  # everyone who could moderate must have the second factor
        totp = set(
            Authenticator.objects.filter(user_id__in=people, type=Authenticator.Type.TOTP).values_list(
                "user_id", flat=True
            )
        )
    pairs = {(pk, gid) for pk, is_staff in people.items() if is_staff and pk in totp for gid in group_ids}
    banned = Ban.objects.filter(Ban.active_q(), group=OuterRef("group_id"), user=OuterRef("user_id"))
    rows = Membership.objects.filter(user_id__in=totp, group_id__in=group_ids, role__in=MODERATING)
    pairs |= set(rows.filter(~Exists(banned)).values_list("user_id", "group_id"))
    return pairs
