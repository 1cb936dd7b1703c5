"""Who is on duty for a group, now or over a stretch of time.

A person is on duty for a group when they are active, the gate lets them
MODERATE it (staff: every group; a moderator: the groups they moderate, with
two-factor sign-in where required), and one of their weekly slots or one-off
shifts for that group, or for "all my groups", covers the moment.

Who has a slot or shift at all is moderation/duty/roster.py (rows only, no gate); this module keeps
the people the gate lets moderate.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from groups import access

from .roster import intervals, intervals_by_group, rostered_groups, rostered_ids

# How far ahead `duty_status` follows continuous cover; cover reaching this far is "around the clock".
HORIZON = timedelta(days=7)


@dataclass(frozen=True)
class DutyStatus:
    on_duty: bool
    until: datetime | None = None  # end of continuous cover; None when nobody is on duty or cover never ends
    people: list = field(default_factory=list)


def _moderating(group, user_ids):
    """The users of `user_ids` the gate lets moderate `group`, by pseudonym."""
    users = get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("display_name", "pk")
    return [u for u in users if access.can(u, group, access.Need.MODERATE)]


def people_on_duty(group, now=None):
    """Active users who may moderate `group` and have a slot or shift covering `now`."""
    covering = rostered_ids(group, now)
    return _moderating(group, covering) if covering else []


def duty_status(group, now=None):
    """Whether someone is on duty for `group` at `now`, who, and until when cover lasts without a gap.

    The week's rota rows are read once: who covers `now` and how far cover runs both come from them, and the
    gate is asked only when someone covers `now` (every group page shows this)."""
    now = now or timezone.now()
    horizon = now + HORIZON
    spans = intervals(group, now, horizon)
    covering = {uid for uid, found in spans.items() if any(s <= now < e for s, e in found)}
    if not covering:
        return DutyStatus(False, None, [])
    allowed = _moderating(group, spans.keys())
    people = [u for u in allowed if u.pk in covering]
    if not people:
        return DutyStatus(False, None, [])
    allowed_ids = {u.pk for u in allowed}
    merged = sorted(span for uid, found in spans.items() if uid in allowed_ids for span in found)
    until = now
    for s, e in merged:
        if s > until:
            break
        until = max(until, e)
    return DutyStatus(True, None if until >= horizon else until, people)


def next_cover(group, now=None):
    """When the next stretch of cover for `group` starts within HORIZON, or None (nobody rostered that soon)."""
    now = now or timezone.now()
    spans = intervals(group, now, now + HORIZON)
    allowed = {u.pk for u in _moderating(group, spans.keys())}
    starts = [s for uid, found in spans.items() if uid in allowed for s, _e in found if s > now]
    return min(starts, default=None)


def on_duty_anywhere(user, now=None):
    """True when `user` is on duty for at least one group at `now`."""
    if not user.is_authenticated or not user.is_active:
        return False
    every, groups = rostered_groups(user, now)
    if every and access.moderated_groups(user).exists():
        return True
    return any(access.can(user, g, access.Need.MODERATE) for g in groups)


def uncovered_spans(group, start, end):
    """The parts of [start, end) when nobody may be on duty for `group`, as (start, end) pairs."""
    spans = intervals(group, start, end)
    allowed = {u.pk for u in _moderating(group, spans.keys())}
    return _gaps([span for uid, found in spans.items() if uid in allowed for span in found], start, end)


def uncovered_by_group(groups, start, end):
    """{group id: its uncovered spans of [start, end)} for each of `groups`, in a constant number of queries
    (the staff dashboard): the rota's rows at once, and the gate asked once for every person and group."""
    spans = intervals_by_group(groups, start, end)
    people = {uid for per_group in spans.values() for uid in per_group}
    allowed = access.moderating_pairs(people, groups) if people else set()
    return {
        gid: _gaps([span for uid, found in per.items() if (uid, gid) in allowed for span in found], start, end)
        for gid, per in spans.items()
    }


def _gaps(spans, start, end):
    gaps, cursor = [], start
    for s, e in sorted(spans):
        if s > cursor:
            gaps.append((cursor, min(s, end)))
        cursor = max(cursor, e)
        if cursor >= end:
            break
    if cursor < end:
        gaps.append((cursor, end))
    return gaps
