"""Taper plans: today's step, pausing and going back a step, all with an explicit `today`."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.companion import taper
from accounts.companion.models import TaperPlan, TaperStep

START = date(2026, 1, 1)


@pytest.fixture
def plan(member):
    plan = TaperPlan.objects.create(owner=member, start_date=START)
    TaperStep.objects.create(plan=plan, order=0, dose=10, unit="mg", days=31)
    TaperStep.objects.create(plan=plan, order=1, dose=5, unit="mg", days=30)
    return plan


def _on(plan, day):
    plan.refresh_from_db()
    return taper.status(plan, day)


def test_todays_step(plan):
    assert _on(plan, START - timedelta(days=1)).not_started
    first = _on(plan, START)
    assert (first.index, first.day_in_step, first.days_left) == (0, 1, 31)
    last_of_first = _on(plan, START + timedelta(days=30))
    assert (last_of_first.index, last_of_first.days_left) == (0, 1)
    second = _on(plan, START + timedelta(days=31))
    assert (second.index, second.step.dose, second.day_in_step) == (1, Decimal("5.00"), 1)
    assert _on(plan, START + timedelta(days=61)).finished


def test_a_pause_keeps_the_step_until_resumed(plan):
    taper.pause(plan, START + timedelta(days=20))
    assert _on(plan, START + timedelta(days=50)).index == 0  # would be step 2 without the pause
    assert _on(plan, START + timedelta(days=50)).paused
    taper.resume(plan, START + timedelta(days=50))
    now = _on(plan, START + timedelta(days=50))
    assert (now.index, now.day_in_step, now.paused) == (0, 21, False)  # from where it paused


def test_going_back_a_step_starts_the_step_before_today(plan):
    day = START + timedelta(days=40)
    assert _on(plan, day).index == 1
    taper.go_back(plan, day)
    now = _on(plan, day)
    assert (now.index, now.day_in_step) == (0, 1)
    assert _on(plan, day + timedelta(days=31)).index == 1  # and the plan goes on from there


def test_going_back_on_the_first_step_starts_it_again(plan):
    day = START + timedelta(days=10)
    taper.go_back(plan, day)
    assert _on(plan, day).day_in_step == 1


def test_going_back_after_the_end_returns_to_the_last_step(plan):
    day = START + timedelta(days=70)
    taper.go_back(plan, day)
    assert _on(plan, day).index == 1


def test_the_schedule_lists_each_step_with_its_days(plan):
    rows = taper.schedule(plan, START)
    assert [(a, b) for a, b, _ in rows] == [(START, date(2026, 1, 31)), (date(2026, 2, 1), date(2026, 3, 2))]


@pytest.mark.parametrize(
    ("text", "steps"),
    [
        ("10 mg 31\n5 mg 30", [(Decimal("10"), "mg", 31), (Decimal("5"), "mg", 30)]),
        ("10 mg for 31 days", [(Decimal("10"), "mg", 31)]),
        ("2,5 ml 7", [(Decimal("2.5"), "ml", 7)]),
    ],
)
def test_steps_are_read_from_plain_lines(text, steps):
    assert taper.parse_steps(text) == steps


@pytest.mark.parametrize("text", ["", "ten mg 31", "10 mg 0", "10 mg"])
def test_unclear_steps_are_refused(text):
    with pytest.raises(ValueError):
        taper.parse_steps(text)


def test_a_member_sets_a_plan_and_pauses_without_blame(login, member):
    client = login(member)
    response = client.post(
        reverse("accounts:companion-taper"), {"start_date": "2026-01-01", "steps": "10 mg 31\n5 mg 30"}, follow=True
    )
    plan = TaperPlan.objects.get(owner=member)
    assert [s.days for s in plan.steps.all()] == [31, 30]
    assert 'id="taper-table"' in response.content.decode()
    response = client.post(reverse("accounts:companion-taper-change", args=[plan.pk]), {"action": "pause"}, follow=True)
    assert "for as long as you need" in response.content.decode()
    plan.refresh_from_db()
    assert plan.paused_on is not None


def test_an_unclear_line_is_named_in_the_refusal(login, member):
    response = login(member).post(reverse("accounts:companion-taper"), {"start_date": "2026-01-01", "steps": "lots"})
    assert "This line is unclear: “lots”" in response.content.decode()
    assert not TaperPlan.objects.exists()
