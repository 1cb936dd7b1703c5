"""English dates as people read them in Finland and most of Europe, day first: 15 Dec 2026, 08:37.

Django's default English is American ("Dec. 15, 2026, 8:37 a.m.", "12/15/2026"), which issue 20 found
confusing for an NGO here: the month-first short date reads as another day. The month's short name makes
the order plain whoever reads it, and the 24-hour clock matches the duty rota and opening hours.
"""

DATE_FORMAT = "j M Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday
