"""Who is on duty: weekly slots (crossing midnight, DST), one-off shifts, the gate, and continuous cover."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from groups.models import Membership
from moderation.duty import rota
from moderation.duty.models import DutyShift, DutySlot

HEL = ZoneInfo("Europe/Helsinki")


def at(y, m, d, hh, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=HEL)


# 2026-12-01 is a Tuesday (weekday 1).
TUE_23 = at(2026, 12, 1, 23)
WED_01 = at(2026, 12, 2, 1, 30)
WED_03 = at(2026, 12, 2, 3)


def slot(user, weekday, start, end, group=None):
    return DutySlot.objects.create(user=user, group=group, weekday=weekday, start_time=start, end_time=end)


def test_a_night_slot_crosses_midnight_and_ends_at_its_end(group, moderator):
    slot(moderator, 1, time(22), time(2), group)
    assert rota.people_on_duty(group, TUE_23) == [moderator]
    assert rota.people_on_duty(group, WED_01) == [moderator]
    assert rota.people_on_duty(group, WED_03) == []
    assert rota.people_on_duty(group, at(2026, 12, 1, 21, 59)) == []
    status = rota.duty_status(group, TUE_23)
    assert status.on_duty and status.until == at(2026, 12, 2, 2) and status.people == [moderator]


def test_nobody_on_duty_says_so(group, moderator):
    status = rota.duty_status(group, TUE_23)
    assert status == rota.DutyStatus(False, None, [])


def test_cover_by_two_people_back_to_back_runs_until_the_last_end(group, moderator, owner):
    slot(moderator, 1, time(18), time(23, 30), group)
    slot(owner, 1, time(23), time(4), group)
    status = rota.duty_status(group, at(2026, 12, 1, 19))
    assert status.people == [moderator]
    assert status.until == at(2026, 12, 2, 4)


def test_around_the_clock_has_no_end(group, moderator):
    for day in range(7):
        slot(moderator, day, time(0), time(0), group)
    status = rota.duty_status(group, WED_03)
    assert status.on_duty and status.until is None


def test_a_moderator_is_on_duty_only_for_groups_they_moderate(group, other_group, moderator, other_group_member):
    slot(moderator, 1, time(20), time(23, 59), None)  # "all my groups"
    slot(other_group_member, 1, time(20), time(23, 59), None)  # a member: never on duty
    assert rota.people_on_duty(group, TUE_23) == [moderator]
    assert rota.people_on_duty(other_group, TUE_23) == []
    # a slot naming a group they do not moderate puts them on duty nowhere
    DutySlot.objects.all().delete()
    slot(moderator, 1, time(20), time(23, 59), other_group)
    assert rota.people_on_duty(other_group, TUE_23) == []
    assert not rota.on_duty_anywhere(moderator, TUE_23)


def test_staff_without_a_group_covers_every_group(group, other_group, staff):
    slot(staff, 1, time(20), time(23, 59))
    assert rota.people_on_duty(group, TUE_23) == [staff]
    assert rota.people_on_duty(other_group, TUE_23) == [staff]
    assert rota.on_duty_anywhere(staff, TUE_23)
    assert not rota.on_duty_anywhere(staff, WED_03)


def test_a_demoted_or_deactivated_moderator_leaves_duty(group, moderator):
    slot(moderator, 1, time(20), time(23, 59), group)
    Membership.objects.filter(user=moderator).update(role="member")
    assert rota.people_on_duty(group, TUE_23) == []
    Membership.objects.filter(user=moderator).update(role="moderator")
    moderator.is_active = False
    moderator.save()
    assert rota.people_on_duty(group, TUE_23) == []


def test_a_moderator_without_two_factor_is_not_on_duty(group, moderator_no_totp, two_factor_required):
    slot(moderator_no_totp, 1, time(20), time(23, 59), group)
    assert rota.people_on_duty(group, TUE_23) == []
    assert not rota.on_duty_anywhere(moderator_no_totp, TUE_23)


def test_a_one_off_shift(group, moderator):
    DutyShift.objects.create(user=moderator, group=group, starts_at=WED_01, ends_at=WED_01 + timedelta(hours=5))
    assert rota.people_on_duty(group, TUE_23) == []
    assert rota.people_on_duty(group, WED_03) == [moderator]
    assert rota.duty_status(group, WED_03).until == WED_01 + timedelta(hours=5)
    assert rota.on_duty_anywhere(moderator, WED_03)


def test_local_time_holds_across_daylight_saving(group, moderator):
    # 2027-03-28 (Sunday) clocks go forward at 03:00 in Helsinki; a Sunday 22:00 slot is still 22:00 local.
    slot(moderator, 6, time(22), time(23), group)
    assert rota.people_on_duty(group, at(2027, 3, 28, 22, 30)) == [moderator]
    assert rota.people_on_duty(group, at(2027, 3, 21, 22, 30)) == [moderator]
    assert rota.people_on_duty(group, at(2027, 3, 28, 21, 30)) == []


def test_uncovered_spans_name_the_gaps(group, moderator):
    slot(moderator, 1, time(22), time(2), group)
    gaps = rota.uncovered_spans(group, at(2026, 12, 1, 20), at(2026, 12, 2, 8))
    assert gaps == [(at(2026, 12, 1, 20), at(2026, 12, 1, 22)), (at(2026, 12, 2, 2), at(2026, 12, 2, 8))]


def test_the_duty_notice_reads_the_weeks_rota_once(group, moderator, owner, django_assert_num_queries):
    """Every group page shows it: the week's slots and shifts are read once, then the people and what the gate needs
    of each (9 queries when the rows were read again for the week ahead)."""
    slot(moderator, 1, time(22), time(2), group)
    slot(owner, 2, time(2), time(4), group)  # later cover, joined without a gap
    with django_assert_num_queries(5):
        status = rota.duty_status(group, TUE_23)
    assert status.on_duty and status.people == [moderator] and status.until == at(2026, 12, 2, 4)
