"""Finnish dates and times as a Finnish organisation writes them: 15.12.2026 klo 8.37.

Django's own Finnish DATE_FORMAT spells the month out ("15. joulukuuta 2026"); lists and log rows
read better in the numeric form people use every day. Only what differs from Django's is set.
"""

DATE_FORMAT = "j.n.Y"
TIME_FORMAT = "G.i"
DATETIME_FORMAT = r"j.n.Y \k\l\o G.i"
SHORT_DATE_FORMAT = "j.n.Y"
SHORT_DATETIME_FORMAT = "j.n.Y G.i"
MONTH_DAY_FORMAT = "j.n."
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday
