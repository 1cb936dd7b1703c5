"""What needs staff across the groups: groups with no moderator, tonight's stretches nobody covers, and
the oldest open item of each group's queue. A constant number of queries whatever the number of groups
(tests/groups/staff/test_dashboard.py counts them)."""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.utils import timezone

from moderation import queue
from moderation.duty.rota import uncovered_by_group
from moderation.models import QueueItem

from .. import access
from ..models import Group

NIGHT_STARTS, NIGHT_ENDS = time(22), time(7)  # "tonight", in the site's time zone


def tonight(now=None):
    """(start, end) of the night still ahead: from 22:00 (or now, when later) to 07:00 the next morning."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    day = local.date() - timedelta(days=1) if local.time() < NIGHT_ENDS else local.date()
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, NIGHT_STARTS, tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), NIGHT_ENDS, tzinfo=tz)
    return max(start, now), end


@dataclass
class Dashboard:
    night: tuple
    groups: list = field(default_factory=list)
    no_moderator: list = field(default_factory=list)
    uncovered: list = field(default_factory=list)  # (group, [(start, end), ...])
    waiting: list = field(default_factory=list)  # groups with open items, the longest waiting first


def dashboard(now=None):
    night = tonight(now)
    groups = list(queue.with_oldest_open(Group.objects.annotate(has_moderator=access.moderator_exists())))
    gaps = uncovered_by_group(groups, *night)
    board = Dashboard(night=night, groups=groups)
    active = [g for g in groups if not g.archived_at]  # an archived group needs nobody on duty
    board.no_moderator = [g for g in active if not g.has_moderator]
    board.uncovered = [(g, gaps[g.pk]) for g in active if gaps[g.pk]]
    board.waiting = sorted((g for g in groups if g.oldest_open_at), key=lambda g: g.oldest_open_at)
    for g in board.waiting:
        g.oldest_open_label = QueueItem.Kind(g.oldest_open_kind).label
    return board
