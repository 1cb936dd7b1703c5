"""The numbers behind the progress page (and the export): check-ins, SOWS totals, the taper plan."""

from django.utils import timezone
from django.utils.translation import gettext as _

from . import charts, taper
from .access import mine
from .models import CheckIn, SowsScore, TaperPlan

DAYS_SHOWN = 60


def checkin_rows(user, limit=DAYS_SHOWN):
    """The newest `limit` check-ins (all with None), oldest first."""
    rows = mine(user, CheckIn).order_by("-day")
    return list(reversed(rows[:limit] if limit else rows))


def sows_rows(user, limit=DAYS_SHOWN):
    rows = mine(user, SowsScore).order_by("-taken_at")
    return list(reversed(rows[:limit] if limit else rows))


def current_plan(user):
    return mine(user, TaperPlan).prefetch_related("steps").first()


def checkin_chart(rows):
    series = [
        charts.Series(_("Mood"), [(r.day, r.mood) for r in rows if r.mood is not None]),
        charts.Series(_("Craving"), [(r.day, r.craving) for r in rows if r.craving is not None]),
    ]
    return charts.line_chart(series, 10, _("Mood and craving by day"))


def sows_chart(rows):
    points = [(timezone.localtime(r.taken_at).date(), r.total) for r in rows]
    return charts.line_chart([charts.Series(_("SOWS total"), points)], 64, _("SOWS totals"))


def taper_chart(plan, today):
    if plan is None:
        return "", []
    schedule = taper.schedule(plan, today)
    points = charts.taper_points(schedule)
    return charts.line_chart(
        [charts.Series(_("Dose"), points)], max((p[1] for p in points), default=1), _("Taper plan"), today=today
    ), schedule
