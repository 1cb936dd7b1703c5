"""Taper plans: which step is today's, and pausing or going back a step (plain functions, `today=`).

A plan is its steps (dose, unit, days) from `start_date`. The days that count are the calendar days
since the start, minus `offset_days`; a pause freezes the count on `paused_on`. Pausing, resuming and
going back a step only move `offset_days`, so nothing is ever recorded as a failure.
"""

import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction


@dataclass(frozen=True)
class Today:
    index: int | None  # of today's step; None before the start or after the last step
    step: object | None
    day_in_step: int  # 1-based
    days_left: int  # in this step, today included
    not_started: bool
    finished: bool
    paused: bool


def steps_of(plan):
    return list(plan.steps.all())


def elapsed(plan, today):
    """Days of the plan lived by `today` (0 on the first day), with pauses and steps back taken off."""
    counted_until = min(today, plan.paused_on) if plan.paused_on else today
    return (counted_until - plan.start_date).days - plan.offset_days


def status(plan, today, steps=None):
    steps = steps if steps is not None else steps_of(plan)
    paused = plan.paused_on is not None
    days = elapsed(plan, today)
    if days < 0:
        return Today(None, None, 0, 0, True, False, paused)
    begin = 0
    for index, step in enumerate(steps):
        if days < begin + step.days:
            return Today(index, step, days - begin + 1, begin + step.days - days, False, False, paused)
        begin += step.days
    return Today(None, None, 0, 0, False, True, paused)


def step_start(steps, index):
    return sum(step.days for step in steps[:index])


@transaction.atomic
def pause(plan, today):
    """Stay on today's step until `resume`; the days paused do not count."""
    if plan.paused_on is None:
        plan.paused_on = today
        plan.save(update_fields=["paused_on"])


@transaction.atomic
def resume(plan, today):
    if plan.paused_on is not None:
        plan.offset_days += max((today - plan.paused_on).days, 0)
        plan.paused_on = None
        plan.save(update_fields=["paused_on", "offset_days"])


@transaction.atomic
def go_back(plan, today):
    """Today becomes the first day of the step before today's (of the last step once the plan ended)."""
    steps = steps_of(plan)
    if not steps:
        return
    now = status(plan, today, steps)
    if now.not_started:
        return
    current = len(steps) if now.finished else now.index
    target = max(current - 1, 0)
    plan.offset_days += elapsed(plan, today) - step_start(steps, target)
    plan.save(update_fields=["offset_days"])


def schedule(plan, today, steps=None):
    """[(first day, last day, step)] for each step, as the plan stands on `today` (for the chart and table).

    While paused, the days ahead move on with each day of the pause."""
    steps = steps if steps is not None else steps_of(plan)
    first_day = today - timedelta(days=elapsed(plan, today))  # the day the plan would have started, as counted
    rows = []
    begin = 0
    for step in steps:
        start = first_day + timedelta(days=begin)
        rows.append((start, start + timedelta(days=step.days - 1), step))
        begin += step.days
    return rows


def parse_steps(text):
    """Steps from lines like "10 mg 31" or "10 mg for 31 days": [(dose, unit, days)]; ValueError if unclear."""
    pattern = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*([^\d\s]{1,12})\s+(?:\D+\s+)?(\d{1,4})(?:\s+\D+)?\s*$")
    steps = []
    for line in text.splitlines():
        if not line.strip():
            continue
        match = pattern.match(line)
        if not match:
            raise ValueError(line.strip())
        try:
            dose = Decimal(match.group(1).replace(",", "."))
        except InvalidOperation as exc:
            raise ValueError(line.strip()) from exc
        days = int(match.group(3))
        if days < 1 or days > 3650:
            raise ValueError(line.strip())
        steps.append((dose, match.group(2), days))
    if not steps:
        raise ValueError("")
    return steps
