"""Desk hours on the same duty rota: a consultant keeps their own; they count for the desk and for no group."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from moderation.duty import rota as group_rota
from moderation.duty.models import DutyShift, DutySlot
from outreach import rota

pytestmark = pytest.mark.django_db


def test_a_consultant_adds_desk_hours_and_a_mistake_keeps_what_was_typed(client, other_consultant):
    client.force_login(other_consultant)
    bad = client.post(reverse("outreach:hours-add"), {"weekday": 2, "start_time": "25:00", "end_time": "17:00"})
    assert bad.status_code == 400 and 'value="25:00"' in bad.content.decode()
    assert client.post(reverse("outreach:hours-add"), {"weekday": 2, "start_time": "09:00", "end_time": "17:00"})
    slot = DutySlot.objects.get(user=other_consultant, desk=True, weekday=2, start_time=time(9))
    assert slot.group is None and slot.end_time == time(17)


def test_desk_hours_put_nobody_on_duty_for_a_group(group, consultant, staff):
    now = timezone.now()
    assert consultant.pk in rota.on_desk_duty_ids(now)
    DutySlot.objects.create(
        user=staff, weekday=timezone.localtime().weekday(), start_time=time(0), end_time=time(0), desk=True
    )
    assert staff not in group_rota.people_on_duty(group, now)
    assert not group_rota.on_duty_anywhere(staff, now)


def test_staff_see_desk_hours_on_the_rota(client, consultant, staff):
    client.force_login(staff)
    html = client.get(reverse("moderation:duty-rota")).content.decode()
    assert "Outreach desk" in html and "Nurse Noor" in html


def test_a_one_off_desk_shift_puts_the_consultant_on_desk_duty(client, other_consultant):
    client.force_login(other_consultant)
    start = timezone.localtime() + timedelta(days=30)
    end = start + timedelta(hours=3)
    bad = client.post(
        reverse("outreach:shift-add"),
        {"starts_at": end.strftime("%Y-%m-%dT%H:%M"), "ends_at": start.strftime("%Y-%m-%dT%H:%M")},
    )
    assert bad.status_code == 400
    fmt = "%Y-%m-%dT%H:%M"
    assert (
        client.post(
            reverse("outreach:shift-add"), {"starts_at": start.strftime(fmt), "ends_at": end.strftime(fmt)}
        ).status_code
        == 302
    )
    shift = DutyShift.objects.get(user=other_consultant, desk=True)
    assert other_consultant.pk in rota.on_desk_duty_ids(shift.starts_at + timedelta(minutes=5))
