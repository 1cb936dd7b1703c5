"""Who has a duty slot or shift covering a moment: the rota's rows, read without asking the gate.

The gate (groups/access/support.py) reads this to let staff on duty into a group's support
conversations, and applies its own rules; moderation/duty/rota.py reads it too and keeps only the
people the gate lets moderate. Because this module never imports the gate, the gate and the rota
import each other in one direction only.

A row marked `desk` is a consultant's hours at the outreach desk (outreach/rota.py) and covers no group.

Weekly slots are read in settings.TIME_ZONE, so 22:00 stays 22:00 across a daylight-saving change.
"""

from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from .models import DutyShift, DutySlot


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
    return Q(group=group) | Q(group__isnull=True), Q(user__is_active=True, desk=False)


def intervals(group, start, end):
    """{user_id: [(start, end), ...]} of every slot and shift for `group` overlapping [start, end)."""
    where, active = _covers(group)
    found = {}
    for slot in DutySlot.objects.filter(where, active):
        found.setdefault(slot.user_id, []).extend(slot_intervals(slot, start, end))
    for shift in DutyShift.objects.filter(where, active, starts_at__lt=end, ends_at__gt=start):
        found.setdefault(shift.user_id, []).append((shift.starts_at, shift.ends_at))
    return {uid: spans for uid, spans in found.items() if spans}


def rostered_ids(group, now=None):
    """Ids of the active people with a slot or shift for `group` (or every group) covering `now`."""
    now = now or timezone.now()
    spans = intervals(group, now, now + timedelta(seconds=1))
    return [uid for uid, found in spans.items() if any(s <= now < e for s, e in found)]


def rostered_groups(user, now=None):
    """(True when a slot or shift of `user` for "every group" covers `now`, the groups of the others that do)."""
    now = now or timezone.now()
    groups, every = set(), False
    for slot in DutySlot.objects.filter(user=user, desk=False).select_related("group"):
        if any(s <= now < e for s, e in slot_intervals(slot, now, now + timedelta(seconds=1))):
            every = every or slot.group is None
            groups.add(slot.group)
    rows = DutyShift.objects.filter(user=user, desk=False, starts_at__lte=now, ends_at__gt=now)
    for shift in rows.select_related("group"):
        every = every or shift.group is None
        groups.add(shift.group)
    return every, {g for g in groups if g is not None}


def intervals_by_group(groups, start, end):
    """{group id: {user_id: [(start, end), ...]}} like `intervals`, for each of `groups` in two queries."""
    ids = [g.pk for g in groups]
    where, active = Q(group_id__in=ids) | Q(group__isnull=True), Q(user__is_active=True, desk=False)
    rows = [
        (slot.group_id, slot.user_id, slot_intervals(slot, start, end))
        for slot in DutySlot.objects.filter(where, active)
    ]
    shifts = DutyShift.objects.filter(where, active, starts_at__lt=end, ends_at__gt=start)
    rows += [(shift.group_id, shift.user_id, [(shift.starts_at, shift.ends_at)]) for shift in shifts]
    found = {gid: {} for gid in ids}
    for group_id, user_id, spans in rows:
        for gid in ids if group_id is None else [group_id]:
            if spans:
                found[gid].setdefault(user_id, []).extend(spans)
    return found
