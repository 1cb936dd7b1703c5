"""Demo rota for `seed_demo`: Moderator Mia is on duty around the clock, and moderates Remembering together.

Only adds: existing demo e-mails, pseudonyms, passwords, roles and slugs stay as they are. Idempotent.
"""

from datetime import time

from accounts.models import User
from groups.models import Group, Membership

from .models import DutySlot

MIA = "moderator@example.org"
HIDDEN_GROUP = "remembering-together"


def seed_duty():
    mia = User.objects.filter(email=MIA).first()
    if mia is None:
        return
    group = Group.objects.filter(slug=HIDDEN_GROUP).first()
    if group is not None:
        Membership.objects.get_or_create(
            group=group, user=mia, defaults={"role": Membership.Role.MODERATOR, "rules_version_accepted": 1}
        )
    for weekday in DutySlot.Weekday.values:
        # start == end: the whole day; no group: every group she moderates
        DutySlot.objects.get_or_create(user=mia, group=None, weekday=weekday, start_time=time(0), end_time=time(0))
