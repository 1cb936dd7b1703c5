"""The rota pages, the members' on-duty line, the staff's warnings, and the demo rota."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from groups.models import Group, Membership
from moderation.duty import warnings
from moderation.duty.models import DutyShift, DutySlot
from moderation.models import CrisisResource
from moderation.templatetags.duty_tags import until_text

HEL = ZoneInfo("Europe/Helsinki")


def around_the_clock(user, group=None):
    for day in range(7):
        DutySlot.objects.create(user=user, group=group, weekday=day, start_time=time(0), end_time=time(0))


def shift_now(user, group, hours=2):
    now = timezone.now()
    return DutyShift.objects.create(
        user=user, group=group, starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=hours)
    )


# --- the members' line -------------------------------------------------------------------------


def test_members_see_until_when_a_moderator_is_on_duty(login, member, moderator, group, chat):
    shift = shift_now(moderator, group)
    expected = timezone.localtime(shift.ends_at).strftime("%H:%M")
    for name in ("groups:chat", "groups:group-home"):
        html = login(member).get(reverse(name, args=[group.slug])).content.decode()
        assert f"A moderator is on duty until {expected}." in html
        assert "No moderator is on duty" not in html


def test_members_see_the_crisis_line_when_nobody_is_on_duty(login, member, moderator, group, chat):
    CrisisResource.objects.create(
        language="en", name="Night line", phone="+358 9 123", description="Open 24/7", position=2
    )
    CrisisResource.objects.create(language="en", name="Day line", phone="+358 9 456", position=1)
    html = login(member).get(reverse("groups:chat", args=[group.slug])).content.decode()
    assert "No moderator is on duty right now. The crisis line is open 24/7:" in html
    assert "Night line" in html and "Day line" not in html
    assert 'href="tel:+3589123"' in html


def test_around_the_clock_cover_says_so_without_an_end(login, member, moderator, group, chat):
    around_the_clock(moderator, group)
    html = login(member).get(reverse("groups:chat", args=[group.slug])).content.decode()
    assert "A moderator is on duty now." in html


def test_the_duty_line_is_not_shown_to_people_outside_the_group(login, outsider, moderator, group):
    shift_now(moderator, group)
    html = login(outsider).get(reverse("groups:group-home", args=[group.slug])).content.decode()
    assert "on duty" not in html


def test_until_text_is_a_clock_time_soon_and_a_weekday_further_off():
    now = datetime(2026, 12, 1, 23, tzinfo=HEL)
    assert until_text(datetime(2026, 12, 2, 2, tzinfo=HEL), now) == "02:00"
    assert until_text(datetime(2026, 12, 3, 8, tzinfo=HEL), now) == "Thu 08:00"
    assert until_text(None, now) == ""


def test_until_text_is_in_the_readers_time_format():
    now = datetime(2026, 12, 1, 23, tzinfo=HEL)
    with translation.override("fi"):
        assert until_text(datetime(2026, 12, 2, 2, tzinfo=HEL), now) == "2.00"
    with translation.override("sv"):
        assert until_text(datetime(2026, 12, 2, 2, tzinfo=HEL), now) == "02:00"


# --- one's own rota ---------------------------------------------------------------------------


def test_a_moderator_adds_a_night_slot_for_all_their_groups_and_removes_it(login, moderator, group):
    client = login(moderator)
    response = client.post(
        reverse("moderation:duty-slot-new"), {"weekday": 4, "start_time": "22:00", "end_time": "02:00", "group": ""}
    )
    assert response.status_code == 302
    slot = DutySlot.objects.get(user=moderator)
    assert (slot.weekday, slot.start_time, slot.end_time, slot.group) == (4, time(22), time(2), None)
    page = client.get(reverse("moderation:duty-mine")).content.decode()
    assert "Friday 22:00–02:00" in page and "all my groups" in page
    client.post(reverse("moderation:duty-slot-delete", args=[slot.pk]))
    assert not DutySlot.objects.exists()


def test_a_moderator_cannot_put_themselves_on_duty_for_another_group(login, moderator, other_group, hidden_group):
    for target in (other_group, hidden_group):
        response = login(moderator).post(
            reverse("moderation:duty-slot-new"),
            {"weekday": 1, "start_time": "22:00", "end_time": "02:00", "group": target.pk},
        )
        assert response.status_code == 400
        assert target.name not in response.content.decode()
    assert not DutySlot.objects.exists()


def test_a_shift_must_end_after_it_starts(login, moderator, group):
    response = login(moderator).post(
        reverse("moderation:duty-shift-new"),
        {"starts_at": "2026-12-24T22:00", "ends_at": "2026-12-24T20:00", "group": group.pk},
    )
    assert response.status_code == 400
    assert "The shift must end after it starts." in response.content.decode()
    assert not DutyShift.objects.exists()


def test_nobody_removes_someone_elses_slot(login, moderator, owner, staff, group):
    slot = DutySlot.objects.create(user=moderator, group=group, weekday=0, start_time=time(8), end_time=time(9))
    for person in (owner, staff):
        assert login(person).post(reverse("moderation:duty-slot-delete", args=[slot.pk])).status_code == 404
    assert DutySlot.objects.filter(pk=slot.pk).exists()


def test_members_are_told_the_rota_is_for_moderators(login, member):
    response = login(member).get(reverse("moderation:duty-mine"))
    assert response.status_code == 403
    assert "The duty rota is for group moderators and staff." in response.content.decode()


def test_a_moderator_without_two_factor_is_told_how_to_get_in(login, moderator_no_totp, two_factor_required):
    response = login(moderator_no_totp).get(reverse("moderation:duty-mine"))
    assert response.status_code == 403
    assert "two-factor" in response.content.decode()


# --- the staff's rota and warnings ------------------------------------------------------------


def test_staff_see_the_whole_rota_and_what_needs_attention(login, staff, moderator, group, other_group):
    around_the_clock(moderator, group)
    DutySlot.objects.create(user=staff, weekday=2, start_time=time(22), end_time=time(8))
    page = login(staff).get(reverse("moderation:duty-rota")).content.decode()
    assert "Group Moderator" in page and "Staff Person" in page and "every group" in page
    warned = page.split('id="rota-warnings"')[1].split("</ul>")[0]
    assert "Family and friends" in warned and "This group has no moderator." in warned
    assert "Recovery circle" not in warned


def test_moderators_do_not_see_the_whole_rota(login, moderator):
    assert login(moderator).get(reverse("moderation:duty-rota")).status_code == 403


def test_a_night_with_a_gap_is_warned_with_its_hours(group, moderator):
    now = datetime(2026, 12, 1, 12, tzinfo=HEL)  # Tuesday noon
    around_the_clock(moderator, group)
    DutySlot.objects.filter(weekday=3).delete()  # nobody on Thursday
    [warning] = warnings.rota_warnings(now)
    assert warning.group == group and not warning.no_moderator
    nights = {start.date(): gaps for start, gaps in warning.nights}
    assert list(nights) == [datetime(2026, 12, 2).date(), datetime(2026, 12, 3).date()]
    assert nights[datetime(2026, 12, 2).date()] == [
        (datetime(2026, 12, 3, 0, tzinfo=HEL), datetime(2026, 12, 3, 8, tzinfo=HEL))
    ]


def test_a_covered_week_has_no_warning(group, moderator, staff):
    around_the_clock(moderator, group)
    assert warnings.rota_warnings(datetime(2026, 12, 1, 3, tzinfo=HEL)) == []


def test_the_nights_start_with_the_one_under_way():
    nights = warnings.coming_nights(datetime(2026, 12, 1, 3, tzinfo=HEL))
    assert len(nights) == 7
    assert nights[0] == (datetime(2026, 12, 1, 3, tzinfo=HEL), datetime(2026, 12, 1, 8, tzinfo=HEL))


# --- the demo ---------------------------------------------------------------------------------


def test_seed_demo_puts_mia_on_duty_everywhere_and_the_hidden_group_gets_a_moderator(db, settings):
    from moderation.duty import rota

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    counts = (DutySlot.objects.count(), Membership.objects.count(), User.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (DutySlot.objects.count(), Membership.objects.count(), User.objects.count()) == counts
    mia = User.objects.get(email="moderator@example.org")
    assert mia.display_name == "Moderator Mia"
    night = datetime(2026, 12, 2, 3, tzinfo=HEL)
    # "evenings-together" has no moderator on purpose: the staff dashboard shows it (groups/staff/).
    unmoderated = Group.objects.get(slug="evenings-together")
    assert not unmoderated.memberships.filter(role__in=["moderator", "owner"]).exists()
    assert rota.people_on_duty(unmoderated, night) == []
    for group in Group.objects.exclude(pk=unmoderated.pk):
        assert rota.people_on_duty(group, night) == [mia], group.slug
        assert rota.duty_status(group, night).until is None
    hidden = Group.objects.get(slug="remembering-together")
    assert hidden.memberships.filter(role__in=["moderator", "owner"]).exists()
    assert Membership.objects.get(group__slug="recovery-circle", user=mia).role == "moderator"
    assert [w.group.slug for w in warnings.rota_warnings(night)] == ["evenings-together"]  # staff are told
