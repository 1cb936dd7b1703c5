"""Who is on duty for a group, now or over a stretch of time.

A person is on duty for a group when they are active, the gate lets them
MODERATE it (staff: every group; a moderator: the groups they moderate, with
two-factor sign-in where required), and one of their weekly slots or one-off
shifts for that group, or for "all my groups", covers the moment.

Weekly slots are read in settings.TIME_ZONE, so 22:00 stays 22:00 across a
daylight-saving change.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from groups import access

from .models import DutyShift, DutySlot

# How far ahead `duty_status` follows continuous cover; cover reaching this far is "around the clock".
HORIZON = timedelta(days=7)


@dataclass(frozen=True)
class DutyStatus:
    on_duty: bool
    until: datetime | None = None  # end of continuous cover; None when nobody is on duty or cover never ends
    people: list = field(default_factory=list)


def slot_intervals(slot, start, end):
    """(start, end) aware datetimes of `slot`'s occurrences that overlap [start, end)."""
    tz = timezone.get_current_timezone()
    first = timezone.localtime(start, tz).date() - timedelta(days=1)
    last = timezone.localtime(end, tz).date()
    day = first + timedelta(days=(slot.weekday - first.weekday()) % 7)
    out = []
    while day <= last:
        s = datetime.combine(day, slot.start_time, tzinfo=tz)
        end_day = day if slot.end_time > slot.start_time else day + timedelta(days=1)
        e = datetime.combine(end_day, slot.end_time, tzinfo=tz)
        if s < end and e > start:
            out.append((s, e))
        day += timedelta(days=7)
    return out


def _covers(group):
    """Rows that may put someone on duty for `group`: its own, and the "every group" ones."""
    return Q(group=group) | Q(group__isnull=True), Q(user__is_active=True)


def _intervals(group, start, end):
    """{user_id: [(start, end), ...]} of every slot and shift for `group` overlapping [start, end)."""
    where, active = _covers(group)
    found = {}
    for slot in DutySlot.objects.filter(where, active):
        found.setdefault(slot.user_id, []).extend(slot_intervals(slot, start, end))
    for shift in DutyShift.objects.filter(where, active, starts_at__lt=end, ends_at__gt=start):
        found.setdefault(shift.user_id, []).append((shift.starts_at, shift.ends_at))
    return {uid: spans for uid, spans in found.items() if spans}


def _moderating(group, user_ids):
    """The users of `user_ids` the gate lets moderate `group`, by pseudonym."""
    users = get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("display_name", "pk")
    return [u for u in users if access.can(u, group, access.Need.MODERATE)]


def people_on_duty(group, now=None):
    """Active users who may moderate `group` and have a slot or shift covering `now`."""
    now = now or timezone.now()
    spans = _intervals(group, now, now + timedelta(seconds=1))
    covering = [uid for uid, found in spans.items() if any(s <= now < e for s, e in found)]
    return _moderating(group, covering) if covering else []


def duty_status(group, now=None):
    """Whether someone is on duty for `group` at `now`, who, and until when cover lasts without a gap."""
    now = now or timezone.now()
    people = people_on_duty(group, now)
    if not people:
        return DutyStatus(False, None, [])
    horizon = now + HORIZON
    spans = _intervals(group, now, horizon)
    allowed = {u.pk for u in _moderating(group, spans.keys())}
    merged = sorted(span for uid, found in spans.items() if uid in allowed for span in found)
    until = now
    for s, e in merged:
        if s > until:
            break
        until = max(until, e)
    return DutyStatus(True, None if until >= horizon else until, people)


def on_duty_anywhere(user, now=None):
    """True when `user` is on duty for at least one group at `now`."""
    if not user.is_authenticated or not user.is_active:
        return False
    now = now or timezone.now()
    groups = set()
    every = False
    for slot in DutySlot.objects.filter(user=user).select_related("group"):
        if any(s <= now < e for s, e in slot_intervals(slot, now, now + timedelta(seconds=1))):
            every = every or slot.group is None
            groups.add(slot.group)
    for shift in DutyShift.objects.filter(user=user, starts_at__lte=now, ends_at__gt=now).select_related("group"):
        every = every or shift.group is None
        groups.add(shift.group)
    if every and access.moderated_groups(user).exists():
        return True
    return any(g is not None and access.can(user, g, access.Need.MODERATE) for g in groups)


def uncovered_spans(group, start, end):
    """The parts of [start, end) when nobody may be on duty for `group`, as (start, end) pairs."""
    spans = _intervals(group, start, end)
    allowed = {u.pk for u in _moderating(group, spans.keys())}
    merged = sorted(span for uid, found in spans.items() if uid in allowed for span in found)
    gaps, cursor = [], start
    for s, e in merged:
        if s > cursor:
            gaps.append((cursor, min(s, end)))
        cursor = max(cursor, e)
        if cursor >= end:
            break
    if cursor < end:
        gaps.append((cursor, end))
    return gaps
