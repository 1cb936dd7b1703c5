"""The one gate: who may see or do what in a group.

Every view, consumer, template tag and task asks this package (`from groups import access`); nothing
else checks membership by hand, and nothing else queries memberships, bans or join requests
(tests/groups/test_structure.py fails when something does). Vocabulary (after Zulip and Healthchecks):

- ``access_*(user, ...)`` fetches *and* authorises, or raises (`groups.py`, `joining.py`, `support.py`).
- A ``Standing`` (`standing.py`) says where one person stands in one group; its ``allows(need)``,
  ``refusal(need)`` and ``messages()`` answer without further queries. ``can(user, group, need)`` and
  ``visible_messages(user, group)`` are the shorthands that read the Standing first.
- ``visible_*`` / ``*_groups`` querysets list what a user may see; they agree with ``can``
  (tests/groups/access/test_consistency.py proves it).

A group the user may not even know of raises ``Http404`` with the same message as a group that does
not exist: a hidden group's existence is private. A group the user may see but not use raises
``PermissionDenied`` carrying a plain sentence that says what to do next.

The modules, by concern: `memo.py` (standings remembered for one request or frame), `standing.py`
(standings, two-factor, the rules), `groups.py` (groups, topics, messages, people), `joining.py`
(join requests, invitations), `own.py` (one's own sanction and rows), `people.py` (who is in a group:
lists and recipients), `support.py` (support conversations), `stamp.py` (access stamps for open sockets),
`trust.py` (a socket's last re-check, kept while the stamp holds), `handshake.py` and `replay.py` (the
gate's reads for a socket's handshake, its frames' re-read and message windows, written once per process;
`raw_rows.py` builds their rows).
This file only re-exports them.
"""

from . import stamp  # access stamps; importing it connects the receivers that bump them
from .groups import (
    access_group,
    access_message,
    access_staff_group,
    access_standing,
    access_topic,
    check_alert_publisher,
    check_staff,
    group_person,
    moderated_groups,
    readable_groups,
    visible_groups,
)
from .handshake import reread, standing_at
from .joining import access_invitation, access_invitation_id, access_join_request, find_invitation, find_join_request
from .memo import RememberStandingsMiddleware, per_request, remembering
from .own import (
    OwnStanding,
    access_own_sanction,
    has_own_standing,
    last_ban_before,
    own_bans,
    own_join_request,
    own_join_requests,
    own_membership,
    own_memberships,
    own_roles,
    own_standing,
    pending_group_ids,
    when,
)
from .people import (
    access_ban,
    author_moderates,
    bans_of,
    fellow_member,
    group_members,
    group_moderators,
    has_membership,
    has_moderator,
    member_by_pseudonym,
    member_count,
    mention_choices,
    mentionable_names,
    moderating_pairs,
    moderator_exists,
    moderator_ids,
    pending_requests,
    reader_ids,
    rules_accepted,
    with_member_counts,
)
from .replay import messages_after as replay_after
from .replay import window as message_window
from .standing import (
    NOT_FOUND,
    Need,
    Role,
    Standing,
    acts_as_staff,
    can,
    check,
    lacks_second_factor,
    must_use_two_factor,
    posting_refusal,
    refusal,
    second_factor_refusal,
    standing,
    visible_messages,
)
from .support import (
    access_support,
    may_help_in_support,
    register_desk_door,
    support_helpers,
    support_messages,
    support_post_refusal,
    support_role,
    visible_support_topics,
)
from .trust import Trust

__all__ = [
    "stamp",
    "replay_after",
    "message_window",
    "Trust",
    "NOT_FOUND",
    "Need",
    "OwnStanding",
    "RememberStandingsMiddleware",
    "Role",
    "Standing",
    "access_ban",
    "access_group",
    "access_invitation",
    "access_invitation_id",
    "access_join_request",
    "access_message",
    "access_own_sanction",
    "access_staff_group",
    "access_standing",
    "access_support",
    "access_topic",
    "acts_as_staff",
    "can",
    "check",
    "check_alert_publisher",
    "check_staff",
    "find_invitation",
    "find_join_request",
    "author_moderates",
    "bans_of",
    "fellow_member",
    "group_members",
    "group_moderators",
    "has_membership",
    "has_moderator",
    "member_by_pseudonym",
    "member_count",
    "mention_choices",
    "mentionable_names",
    "moderator_exists",
    "moderating_pairs",
    "moderator_ids",
    "group_person",
    "has_own_standing",
    "lacks_second_factor",
    "last_ban_before",
    "may_help_in_support",
    "register_desk_door",
    "moderated_groups",
    "must_use_two_factor",
    "own_bans",
    "own_join_request",
    "own_join_requests",
    "own_membership",
    "own_memberships",
    "own_roles",
    "own_standing",
    "pending_group_ids",
    "pending_requests",
    "per_request",
    "posting_refusal",
    "reader_ids",
    "rules_accepted",
    "readable_groups",
    "refusal",
    "remembering",
    "reread",
    "second_factor_refusal",
    "standing",
    "standing_at",
    "support_helpers",
    "support_messages",
    "support_post_refusal",
    "support_role",
    "visible_groups",
    "visible_messages",
    "visible_support_topics",
    "when",
    "with_member_counts",
]
