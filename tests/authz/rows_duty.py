"""Rows for the duty rota: one's own slots and shifts (moderators and staff), the whole rota (staff)."""

from datetime import time, timedelta

from django.utils import timezone

from moderation.duty.models import DutyShift, DutySlot
from tests.authz.matrix import FORBIDDEN, LOGIN, NOT_ALLOWED, NOT_FOUND, OK, REDIRECT, Row, expect

ON_DUTY_PEOPLE = ("moderator", "other_group_moderator", "owner", "staff")


def duty(ok, **overrides):
    """`ok` for moderators (of any group) and staff with their second factor; 403 for everyone else."""
    return expect(FORBIDDEN, anonymous=LOGIN, **{**dict.fromkeys(ON_DUTY_PEOPLE, ok), **overrides})


STAFF_ONLY = expect(FORBIDDEN, anonymous=LOGIN, staff=OK)
POST_ONLY = expect(NOT_ALLOWED, anonymous=LOGIN)


def setup(world):
    """A weekly slot and a shift of `moderator` for `group`."""
    world.duty_slot = DutySlot.objects.create(
        user=world.moderator, group=world.group, weekday=0, start_time=time(22), end_time=time(2)
    )
    now = timezone.now()
    world.duty_shift = DutyShift.objects.create(
        user=world.moderator, group=world.group, starts_at=now, ends_at=now + timedelta(hours=4)
    )


def _slot(w):
    return {"slot_id": w.duty_slot.pk}


def _shift(w):
    return {"shift_id": w.duty_shift.pk}


def _new_slot(group=None):
    return lambda w: {"weekday": 1, "start_time": "22:00", "end_time": "02:00", "group": group(w).pk if group else ""}


def _new_shift(w):
    start = timezone.localtime() + timedelta(days=1)
    return {
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=6)).strftime("%Y-%m-%dT%H:%M"),
        "group": "",
    }


ROWS = [
    Row("moderation:duty-mine", duty(OK)),
    Row("moderation:duty-mine", POST_ONLY, method="POST"),
    Row("moderation:duty-rota", STAFF_ONLY, note="the whole rota and its warnings"),
    Row("moderation:duty-rota", POST_ONLY, method="POST"),
    Row("moderation:duty-slot-new", POST_ONLY),
    Row("moderation:duty-slot-new", duty(REDIRECT), method="POST", data=_new_slot(), note="all my groups"),
    Row(
        "moderation:duty-slot-new",
        duty(REDIRECT, other_group_moderator=400),
        method="POST",
        data=_new_slot(lambda w: w.group),
        note="a group one may not moderate is refused",
    ),
    Row(
        "moderation:duty-slot-new",
        duty(400, staff=REDIRECT),
        method="POST",
        data=_new_slot(lambda w: w.hidden_group),
        note="the hidden group: staff only",
    ),
    Row("moderation:duty-slot-delete", POST_ONLY, kwargs=_slot),
    Row(
        "moderation:duty-slot-delete",
        duty(NOT_FOUND, moderator=REDIRECT),
        kwargs=_slot,
        method="POST",
        note="only one's own, staff included",
    ),
    Row("moderation:duty-shift-new", POST_ONLY),
    Row("moderation:duty-shift-new", duty(REDIRECT), method="POST", data=_new_shift),
    Row("moderation:duty-shift-delete", POST_ONLY, kwargs=_shift),
    Row(
        "moderation:duty-shift-delete",
        duty(NOT_FOUND, moderator=REDIRECT),
        kwargs=_shift,
        method="POST",
        note="only one's own, staff included",
    ),
]
