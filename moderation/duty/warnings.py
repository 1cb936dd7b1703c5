"""What the staff's rota page warns about: a group with no moderator, a coming night with nobody on duty."""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.utils import timezone

from groups import access
from groups.models import Group

from .rota import uncovered_spans

NIGHT_START = time(22)
NIGHT_END = time(8)
NIGHTS = 7


@dataclass(frozen=True)
class GroupWarning:
    group: Group
    no_moderator: bool = False
    # (night start, [(gap start, gap end), ...]) for each coming night not fully covered
    nights: list = field(default_factory=list)


def coming_nights(now, count=NIGHTS):
    """The next `count` nights (22:00-08:00 local), the one under way first (from `now`)."""
    tz = timezone.get_current_timezone()
    today = timezone.localtime(now, tz).date()
    nights = []
    for offset in range(-1, count + 1):
        day = today + timedelta(days=offset)
        start = datetime.combine(day, NIGHT_START, tzinfo=tz)
        end = datetime.combine(day + timedelta(days=1), NIGHT_END, tzinfo=tz)
        if end > now:
            nights.append((max(start, now), end))
    return nights[:count]


def rota_warnings(now=None):
    """One GroupWarning per group that has no moderator or an uncovered coming night, by group name."""
    now = now or timezone.now()
    nights = coming_nights(now)
    found = []
    for group in Group.objects.annotate(has_moderator=access.moderator_exists()).order_by("name"):
        gaps = uncovered_spans(group, nights[0][0], nights[-1][1])
        uncovered = []
        for start, end in nights:
            inside = [(max(s, start), min(e, end)) for s, e in gaps if s < end and e > start]
            if inside:
                uncovered.append((start, inside))
        if uncovered or not group.has_moderator:
            found.append(GroupWarning(group, not group.has_moderator, uncovered))
    return found
