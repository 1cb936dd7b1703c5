"""Progress: server-drawn SVG charts with a table of the same numbers beside each; milestones."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.companion import charts
from accounts.companion.models import CheckIn, Milestone, SowsScore


def test_the_chart_shows_the_checkins_and_the_table_holds_the_numbers(login, member):
    day = date(2026, 3, 1)
    CheckIn.objects.create(owner=member, day=day, mood=3, craving=8, sleep_hours=5)
    CheckIn.objects.create(owner=member, day=day + timedelta(days=1), mood=6, craving=4, sleep_hours=7)
    SowsScore.objects.create(owner=member, answers=[1] * 16, total=16)
    page = login(member).get(reverse("accounts:companion-progress")).content.decode()
    chart = page.split('id="checkin-chart"')[1].split("</figure>")[0]
    assert chart.count("<circle") == 2 and chart.count("<rect") == 2  # mood and craving, each day
    assert "<polyline" in chart
    table = page.split('id="checkin-table"')[1].split("</table>")[0]
    assert "<td>3</td><td>8</td><td>5</td>" in table.replace("\n", "")
    assert 'id="sows-chart"' in page and "<td><a" in page.split('id="sows-table"')[1]


def test_charts_carry_no_script_and_escape_text():
    svg = charts.line_chart([charts.Series("x", [(date(2026, 1, 1), 1)])], 10, "<script>alert(1)</script>")
    assert "<script" not in svg and "&lt;script&gt;" in svg
    assert 'aria-hidden="true"' in svg  # the table beside it is what screen readers read


@pytest.mark.parametrize(
    ("language", "first", "last"), [("fi", "1.3.", "15.3."), ("en", "1 March", "15 March"), ("sv", "1 mars", "15 mars")]
)
def test_the_chart_writes_its_days_in_the_readers_language(language, first, last):
    points = [(date(2026, 3, 1), 2), (date(2026, 3, 15), 4)]
    with translation.override(language):
        svg = charts.line_chart([charts.Series("x", points)], 10, "t")
    anchored = svg.split('text-anchor="start">')[1:] + svg.split('text-anchor="end">')[1:]
    labels = [part.split("<")[0] for part in anchored]
    assert first in labels and last in labels


def test_an_empty_chart_is_nothing():
    assert charts.line_chart([charts.Series("x", [])], 10, "t") == ""


def test_milestones_count_the_days_since(login, member):
    Milestone.objects.create(owner=member, label="without heroin", since=date.today() - timedelta(days=30))
    page = login(member).get(reverse("accounts:companion-milestones")).content.decode()
    assert "30 days without heroin" in page


def test_a_milestone_of_one_day_is_singular(member):
    m = Milestone.objects.create(owner=member, label="x", since=date(2026, 1, 1))
    assert m.days(today=date(2026, 1, 2)) == 1
