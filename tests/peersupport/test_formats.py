"""Dates and times in the reader's language (issue 20): fi 15.12.2026 klo 8.37, sv 2026-12-15 08:37."""

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from moderation import queue

ROOT = Path(__file__).resolve().parents[2]
HEL = ZoneInfo("Europe/Helsinki")
MOMENT = datetime(2026, 12, 15, 8, 37, tzinfo=HEL)


def _render(source, language, **values):
    with translation.override(language):
        return Template(source).render(Context(values))


@pytest.mark.parametrize(
    "language, expected",
    [("fi", "15.12.2026 klo 8.37"), ("sv", "2026-12-15 08:37"), ("en", "15 Dec 2026, 08:37")],
)
def test_a_date_and_time_reads_as_the_readers_language_writes_it(language, expected, settings):
    assert _render('{{ moment|date:"DATETIME_FORMAT" }}', language, moment=MOMENT) == expected


@pytest.mark.parametrize("language, expected", [("fi", "15.12.2026"), ("sv", "2026-12-15"), ("en", "15 Dec 2026")])
def test_a_date_reads_as_the_readers_language_writes_it(language, expected):
    assert _render('{{ moment|date:"DATE_FORMAT" }}', language, moment=MOMENT) == expected


@pytest.mark.parametrize("language, expected", [("fi", "8.37"), ("sv", "08:37"), ("en", "08:37")])
def test_a_clock_time_reads_as_the_readers_language_writes_it(language, expected):
    assert _render('{{ moment|time:"TIME_FORMAT" }}', language, moment=MOMENT.time()) == expected


def test_a_finnish_moderator_reads_the_log_with_finnish_dates(login, moderator, group, member):
    row = queue.record(moderator, group, "warn", target_user=member, reason="Be gentle.")
    moderator.language = "fi"
    moderator.save(update_fields=["language"])
    page = login(moderator).get(reverse("moderation:log", args=[group.slug])).content.decode()
    local = row.created_at.astimezone(HEL)
    assert f"{local.day}.{local.month}.{local.year} klo {local.hour}.{local.minute:02d}" in page
    assert "a.m." not in page and "p.m." not in page


# A date or time filter takes a named format (DATE_FORMAT, SHORT_DATETIME_FORMAT, ...) or "c" for a
# machine-readable attribute, never a format string of its own that every language would share.
FILTER = re.compile(r"""\|(?:date|time):(["'])(?P<format>[^"']*)\1""")
NAMED = {"c", "DATE_FORMAT", "DATETIME_FORMAT", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT", "TIME_FORMAT"}
NAMED |= {"MONTH_DAY_FORMAT", "YEAR_MONTH_FORMAT", "l", "D", "Y", "N", "F"}


# The chat keeps its own short clock times and day separators (its templates format them together with
# static/js for messages that arrive live).
CHAT = re.compile(r"templates/groups/(_?chat[^/]*|_message[^/]*)\.html$")


def test_templates_use_named_date_formats_only():
    hard_coded = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        if CHAT.search(path.as_posix()):
            continue
        for match in FILTER.finditer(path.read_text()):
            if match.group("format") not in NAMED:
                hard_coded.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert not hard_coded, "Use a named format (peersupport/formats/):\n" + "\n".join(hard_coded)
