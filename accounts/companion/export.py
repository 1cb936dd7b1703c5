"""The companion in the member's export (accounts/export.py): plain JSON, decrypted for its owner."""

from datetime import date, datetime

from django.utils.translation import gettext as _

from . import charts
from .access import mine
from .models import Appointment, CheckIn, DiaryEntry, DoseReminder, Milestone, SowsScore, TaperPlan


def _iso(value):
    return value.isoformat() if value is not None else None


def collect(user):
    return {
        "diary": [
            {
                "day": _iso(e.day),
                "text": e.body,
                "tags": e.tag_list(),
                "mood": e.mood,
                "craving": e.craving,
                "written_at": _iso(e.created_at),
            }
            for e in mine(user, DiaryEntry).order_by("day", "id")
        ],
        "checkins": [
            {"day": _iso(c.day), "mood": c.mood, "craving": c.craving, "sleep_hours": c.sleep_hours, "note": c.note}
            for c in mine(user, CheckIn).order_by("day")
        ],
        "sows": [
            {"taken_at": _iso(s.taken_at), "answers": s.answers, "total": s.total}
            for s in mine(user, SowsScore).order_by("taken_at")
        ],
        "taper_plans": [
            {
                "medicine": p.medication,
                "start_date": _iso(p.start_date),
                "days_paused_or_repeated": p.offset_days,
                "paused_on": _iso(p.paused_on),
                "steps": [{"dose": str(s.dose), "unit": s.unit, "days": s.days} for s in p.steps.all()],
            }
            for p in mine(user, TaperPlan).prefetch_related("steps")
        ],
        "appointments": [
            {"at": _iso(a.at), "what": a.title, "remind_minutes_before": a.remind_minutes_before}
            for a in mine(user, Appointment)
        ],
        "dose_reminders": [
            {"time_of_day": _iso(d.time_of_day), "label": d.label, "on": d.active} for d in mine(user, DoseReminder)
        ],
        "milestones": [{"what": m.label, "since": _iso(m.since)} for m in mine(user, Milestone)],
    }


def charts_from(data):
    """The progress charts (SVG, no script) drawn from exported data, for the export's readable page."""
    checkins = data.get("checkins", [])
    mood = [(date.fromisoformat(c["day"]), c["mood"]) for c in checkins if c["mood"] is not None]
    craving = [(date.fromisoformat(c["day"]), c["craving"]) for c in checkins if c["craving"] is not None]
    sows = [(datetime.fromisoformat(s["taken_at"]).date(), s["total"]) for s in data.get("sows", [])]
    return {
        "checkins": charts.line_chart(
            [charts.Series(_("Mood"), mood), charts.Series(_("Craving"), craving)], 10, _("Mood and craving by day")
        ),
        "sows": charts.line_chart([charts.Series(_("SOWS total"), sows)], 64, _("SOWS totals")),
    }
