"""Dates and times as the reader reads them, the same on the server and in static/js/times.js.

The patterns are the language's formats (peersupport/formats/); the time zone is the site's (TIME_ZONE),
so a message drawn live shows the time its neighbours drawn by the server show, whatever the phone's own
clock is set to. Day separators name the day as "Today", "Yesterday" or its date.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.dates import MONTHS_3, MONTHS_AP
from django.utils.formats import date_format, get_format
from django.utils.translation import gettext as _

# The named formats times.js draws (a message's time, a day separator's date), and the format characters it
# knows besides backslash-escaped text: a format using another one would show differently live (a test checks).
CLIENT_FORMATS = {"time": "TIME_FORMAT", "date": "DATE_FORMAT"}
CLIENT_CHARACTERS = frozenset("djnmYHGiMN")


def day_key(moment):
    """The local calendar day of an aware datetime, as "2026-12-15" (what separators compare)."""
    return timezone.localtime(moment).date().isoformat()


def day_label(moment, today=None):
    """ "Today", "Yesterday" or the date of `moment`'s local day."""
    day = timezone.localtime(moment).date()
    today = today or timezone.localdate()
    if day == today:
        return _("Today")
    if day == today - timedelta(days=1):
        return _("Yesterday")
    return date_format(day, "DATE_FORMAT")


def client_formats():
    """What times.js needs to draw dates exactly as the templates do, in the active language."""
    return {
        "timeZone": settings.TIME_ZONE,
        "formats": {kind: get_format(name) for kind, name in CLIENT_FORMATS.items()},
        "months": [str(MONTHS_3[number]).title() for number in range(1, 13)],  # as Django's "M" writes them
        "monthsAp": [str(MONTHS_AP[number]) for number in range(1, 13)],  # and its "N" ("Dec.")
        "today": _("Today"),
        "yesterday": _("Yesterday"),
    }
