"""The staff dashboard: groups with no moderator, tonight's stretches nobody covers (as the gate sees who may
moderate), the oldest open item of each queue, in the same number of queries for two groups or eight."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from groups import access
from groups.models import Group, Membership
from groups.staff.dashboard import dashboard, tonight
from moderation import queue
from moderation.duty import rota
from moderation.duty.models import DutyShift, DutySlot
from moderation.models import QueueItem
from tests.factories import UserFactory, with_totp

pytestmark = pytest.mark.django_db
HEL = ZoneInfo("Europe/Helsinki")
TUE_20 = datetime(2026, 12, 1, 20, tzinfo=HEL)  # a Tuesday evening
TUE_22, WED_07 = datetime(2026, 12, 1, 22, tzinfo=HEL), datetime(2026, 12, 2, 7, tzinfo=HEL)


def test_tonight_is_the_night_still_ahead():
    assert tonight(TUE_20) == (TUE_22, WED_07)
    assert tonight(datetime(2026, 12, 2, 3, tzinfo=HEL)) == (datetime(2026, 12, 2, 3, tzinfo=HEL), WED_07)


def test_the_dashboard_names_what_needs_staff(group, other_group, moderator, two_factor_required):
    with_totp(moderator)
    DutySlot.objects.create(user=moderator, group=group, weekday=1, start_time=time(22), end_time=time(3))
    item, _new = queue.open_item(group, QueueItem.Kind.JOIN_REQUEST, reason="Wants to join")
    board = dashboard(TUE_20)
    assert [g.name for g in board.no_moderator] == ["Family and friends"]
    uncovered = {g.name: gaps for g, gaps in board.uncovered}
    assert uncovered["Recovery circle"] == [(datetime(2026, 12, 2, 3, tzinfo=HEL), WED_07)]
    assert uncovered["Family and friends"] == [(TUE_22, WED_07)]
    assert [(g.name, g.oldest_open_at, g.open_count) for g in board.waiting] == [
        ("Recovery circle", item.created_at, 1)
    ]


def test_a_moderator_the_gate_would_not_let_moderate_covers_nothing(group, moderator, two_factor_required):
    # No second factor: the gate treats them as an ordinary member, so their slot leaves the night uncovered.
    DutySlot.objects.create(user=moderator, group=group, weekday=1, start_time=time(22), end_time=time(7))
    assert rota.uncovered_by_group([group], TUE_22, WED_07) == {group.pk: [(TUE_22, WED_07)]}
    with_totp(moderator)
    assert rota.uncovered_by_group([group], TUE_22, WED_07) == {group.pk: []}


def test_moderating_pairs_agree_with_the_gate(group, other_group, moderator, owner, member, staff, banned):
    with_totp(moderator, staff)
    Membership.objects.filter(user=banned, group=group).update(role="moderator")
    people = [moderator, owner, member, staff, banned, UserFactory(is_active=False, is_staff=True)]
    pairs = access.moderating_pairs([p.pk for p in people], [group, other_group])
    for person in people:
        for g in (group, other_group):
            assert ((person.pk, g.pk) in pairs) == access.can(person, g, access.Need.MODERATE), (person, g)


def _make_groups(n, staff):
    start = Group.objects.count()
    for i in range(start, start + n):
        g = Group.objects.create(name=f"Group {i}", slug=f"group-{i}", kind="family")
        Membership.objects.create(group=g, user=UserFactory(), role="moderator")
        DutySlot.objects.create(user=staff, group=g, weekday=1, start_time=time(22), end_time=time(1))
        DutyShift.objects.create(user=staff, group=g, starts_at=TUE_22, ends_at=WED_07)
        queue.open_item(g, QueueItem.Kind.JOIN_REQUEST, reason="Wants to join")


def test_the_dashboard_page_asks_the_same_number_of_queries_for_two_groups_or_eight(client, staff):
    client.force_login(staff)
    url = reverse("groups:staff-dashboard")
    _make_groups(2, staff)
    client.get(url)  # warm the session and the site
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _make_groups(6, staff)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert "Group 7" in page
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
