"""Desk hours on the duty rota: a DutySlot or DutyShift marked `desk` (moderation/duty/models.py).

A consultant is on desk duty when such a row of theirs covers the moment; they are routed a consultation when
they also answer its topic in its language and may work at the desk now (outreach/access.py).
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from moderation.duty.models import DutyShift, DutySlot
from moderation.duty.roster import slot_intervals

from . import access


def on_desk_duty_ids(now=None):
    """Ids of the people whose desk slot or shift covers `now`."""
    now = now or timezone.now()
    ids = set(
        DutyShift.objects.filter(desk=True, starts_at__lte=now, ends_at__gt=now).values_list("user_id", flat=True)
    )
    for slot in DutySlot.objects.filter(desk=True, user__is_active=True):
        if any(s <= now < e for s, e in slot_intervals(slot, now, now + timedelta(seconds=1))):
            ids.add(slot.user_id)
    return ids


def consultants_on_duty(area, language, now=None):
    """The consultants on desk duty now who answer `area` in `language`, by pseudonym."""
    users = get_user_model().objects.filter(pk__in=on_desk_duty_ids(now), is_active=True).order_by("display_name")
    found = []
    for user in users:
        consultant = access.acting_consultant(user)
        if consultant is not None and consultant.answers(area, language):
            found.append(user)
    return found


def desk_open(now=None):
    """True when at least one consultant is on desk duty now (the opening page says so)."""
    return any(access.acting_consultant(u) for u in get_user_model().objects.filter(pk__in=on_desk_duty_ids(now)))
