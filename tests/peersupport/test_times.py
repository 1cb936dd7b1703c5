"""One time format per language (peersupport/formats/, peersupport/times.py) and day separators on the pages."""

import json
import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, get_format

from groups.membership import members as group_members
from groups.models import Message
from moderation import pipeline
from peersupport import times

HELSINKI = timezone.get_fixed_timezone(120)  # December in Europe/Helsinki
MOMENT = datetime(2026, 12, 15, 8, 37, tzinfo=HELSINKI)


@pytest.mark.parametrize(
    ("language", "time", "date"),
    [("en", "08:37", "15 Dec 2026"), ("fi", "8.37", "15.12.2026"), ("sv", "08:37", "2026-12-15")],
)
def test_times_each_language_writes_one_time_and_one_date(language, time, date):
    """What a message's time and a day separator's date say, on the page and live (static/js/times.js)."""
    local = timezone.localtime(MOMENT)
    with translation.override(language):
        assert date_format(local, "TIME_FORMAT") == time
        assert date_format(local, "DATE_FORMAT") == date


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_times_client_formats_use_only_what_times_js_draws(language):
    """times.js draws only these format characters: any other would show differently live than on the page."""
    with translation.override(language):
        client = times.client_formats()
        for kind, name in times.CLIENT_FORMATS.items():
            pattern = client["formats"][kind]
            assert pattern == get_format(name)
            letters = re.sub(r"\\.", "", pattern)
            unknown = {c for c in letters if c.isalpha() and c not in times.CLIENT_CHARACTERS}
            assert not unknown, f"{language} {name} uses {unknown}"
    assert client["timeZone"] == settings.TIME_ZONE and len(client["months"]) == 12


def test_times_day_label_names_today_yesterday_or_the_date():
    today = timezone.localdate()
    now = timezone.now()
    with translation.override("en"):
        assert times.day_label(now) == "Today"
        assert times.day_label(now - timedelta(days=1)) == "Yesterday"
        with translation.override("fi"):
            assert times.day_label(MOMENT, today=today) == "15.12.2026"
    assert times.day_key(MOMENT) == "2026-12-15"


def post(user, topic, text, when):
    message = pipeline.submit(user, topic.group, text, topic=topic).message
    Message.objects.filter(pk=message.pk).update(created_at=when)
    return message


@pytest.fixture
def noon():
    """The pages are read at noon on 15 December 2026 (Helsinki)."""
    with time_machine.travel(datetime(2026, 12, 15, 12, 0, tzinfo=HELSINKI), tick=False):
        yield


@pytest.fixture
def two_days(noon, chat, other_member):
    today = timezone.localtime().replace(hour=8, minute=37, second=0, microsecond=0)
    yesterday = post(other_member, chat, "last night", today - timedelta(days=1))
    return [yesterday, post(other_member, chat, "this morning", today)]


def separators(html):
    return re.findall(r'class="day-separator" data-day="([\d-]+)"><h2 class="day-label h6 mb-0">([^<]+)</h2>', html)


def test_chat_page_separates_days_and_writes_times_in_the_readers_language(login, group, member, chat, two_days):
    client = login(member)
    html = client.get(reverse("groups:chat", args=[group.slug])).content.decode()
    assert separators(html) == [("2026-12-14", "Yesterday"), ("2026-12-15", "Today")]
    assert html.index("2026-12-14") < html.index("last night") < html.index("2026-12-15") < html.index("this morning")
    assert '">08:37</time>' in html
    member.language = "fi"
    member.save(update_fields=["language"])
    html = client.get(reverse("groups:chat", args=[group.slug])).content.decode()
    assert '">8.37</time>' in html and '">08:37<' not in html
    formats = json.loads(re.search(r'<script id="time-formats" type="application/json">(.+?)</script>', html)[1])
    assert formats["formats"] == {"time": "G.i", "date": "j.n.Y"}


def test_chat_page_unread_marker_is_a_plain_list_item_after_the_days_separator(login, group, member, chat, two_days):
    group_members.mark_read(member, group, two_days[0].pk)
    html = login(member).get(reverse("groups:chat", args=[group.slug])).content.decode()
    marker = re.search(r"<li[^>]*unread-marker[^>]*>", html)[0]
    assert "role=" not in marker  # a <li> with another role breaks the list (axe "list")
    assert html.index('data-day="2026-12-15"') < html.index(marker) < html.index(f'id="m{two_days[1].pk}"')


def test_topic_page_separates_days_too(noon, login, group, member, other_member):
    topic = group.topics.create(title="Sleep")
    post(other_member, topic, "first night", timezone.localtime() - timedelta(days=3))
    post(other_member, topic, "today", timezone.localtime())
    html = login(member).get(reverse("groups:topic-detail", args=[group.slug, topic.pk])).content.decode()
    days = re.findall(r'<h2 class="day-separator day-label h6 mb-0" data-day="([\d-]+)">([^<]+)</h2>', html)
    assert days == [("2026-12-12", "12 Dec 2026"), ("2026-12-15", "Today")]
