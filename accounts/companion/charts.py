"""Progress charts as SVG drawn on the server: no script, nothing from elsewhere.

Each chart is a picture for sighted readers; the page shows a table of the same numbers beside it
(the table is what screen readers read, so the SVG is marked aria-hidden). Only numbers and dates
reach the markup here, and every piece of text is escaped. The first and last day are written in the
reader's language (15.12. in Finnish, 15 December in English), never one country's order for all.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH, HEIGHT = 340, 180
LEFT, RIGHT, TOP, BOTTOM = 34, 10, 10, 28
COLOURS = ["#0b5cad", "#b3261e", "#1e7b34"]  # blue, red, green: each series also has its own marker shape


@dataclass(frozen=True)
class Series:
    label: str
    points: list  # [(date, number)]


def _x(day, first, span):
    return LEFT + (WIDTH - LEFT - RIGHT) * ((day - first).days / span if span else 0.5)


def _y(value, y_max):
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - float(value) / y_max if y_max else 1)


def _marker(shape, x, y, colour):
    if shape == 0:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'
    if shape == 1:
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    return (
        f'<path d="M{x:.1f} {y - 4.5:.1f}L{x + 4.5:.1f} {y + 3.5:.1f}L{x - 4.5:.1f} {y + 3.5:.1f}Z" fill="{colour}"/>'
    )


def line_chart(series, y_max, title, stepped=False, today=None):
    """An SVG line chart of `series` (dates on x, 0..y_max on y); '' when there is nothing to draw."""
    days = [day for s in series for day, _ in s.points]
    if not days:
        return ""
    first, last = min(days), max(days)
    if today is not None:
        first, last = min(first, today), max(last, today)
    span = (last - first).days
    y_max = float(y_max or 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'class="companion-chart" aria-hidden="true" focusable="false"><title>{escape(title)}</title>',
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" stroke="#555"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" stroke="#555"/>',
    ]
    for tick in (0, y_max / 2, y_max):
        y = _y(tick, y_max)
        label = f"{tick:g}"
        parts.append(f'<text x="{LEFT - 4}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{label}</text>')
    for day, anchor in ((first, "start"), (last, "end")):
        parts.append(
            f'<text x="{_x(day, first, span):.1f}" y="{HEIGHT - 8}" font-size="11" text-anchor="{anchor}">'
            f"{escape(date_format(day, 'MONTH_DAY_FORMAT'))}</text>"
        )
    if today is not None:
        x = _x(today, first, span)
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{HEIGHT - BOTTOM}" stroke="#777" stroke-dasharray="4 3"/>'
        )
    for index, s in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        points = sorted(s.points, key=lambda p: p[0])
        coords = []
        for day, value in points:
            if stepped and coords:
                coords.append((_x(day, first, span), coords[-1][1]))
            coords.append((_x(day, first, span), _y(value, y_max)))
        if len(coords) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts += [_marker(index % 3, _x(day, first, span), _y(value, y_max), colour) for day, value in points]
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (only numbers and escaped text above)


def taper_points(schedule):
    """(day, dose) corners of a taper schedule [(first day, last day, step)] for a stepped chart."""
    points = []
    for start, end, step in schedule:
        points.append((start, step.dose))
        points.append((end + timedelta(days=1) if end >= start else start, step.dose))
    return points
