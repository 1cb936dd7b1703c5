"""Pinned alerts on a small screen: a seen alert is a one-line bar; on the chat, several alerts fold into one bar."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from moderation.alerts import actions as alerts
from moderation.alerts.models import Alert


def publish(staff, group, title, severity="warning"):
    until = timezone.now() + timedelta(days=1)
    alert = Alert(title=title, body_source="Take **care**.", severity=severity, expires_at=until)
    return alerts.publish_alert(staff, alert, [group])


def seen(client, group, alert):
    client.post(reverse("moderation:alert-ack", args=[alert.pk]), {"group": group.slug, "next": "/"})


def test_alert_unseen_is_a_full_card_and_seen_folds_to_a_bar_that_opens(login, staff, group, member):
    alert = publish(staff, group, "Strong batch going round")
    client = login(member)
    page = client.get(reverse("groups:topic-list", args=[group.slug])).content.decode()
    assert '<section class="card mb-2 alert-card' in page and "Seen, thanks" in page
    seen(client, group, alert)
    page = client.get(reverse("groups:topic-list", args=[group.slug])).content.decode()
    folded = r'<details class="card mb-2 alert-card alert-folded[^>]*>\s*<summary[^>]*>(.*?)</summary>'
    bar = re.search(folded, page, re.S)
    assert bar and "Strong batch going round" in bar[1] and "Warning" in bar[1]
    assert "Seen, thanks" not in page and "You marked this as seen." in page  # inside the bar, for when it opens


def test_chat_folds_several_alerts_into_one_bar_with_their_count(login, staff, group, member):
    publish(staff, group, "Strong batch going round")
    publish(staff, group, "Fake pills in the city", severity="urgent")
    page = login(member).get(reverse("groups:chat", args=[group.slug])).content.decode()
    bar = re.search(r'<details class="card alerts-bar[^"]*" id="alerts-bar"><summary[^>]*>(.*?)</summary>', page, re.S)
    assert bar and "<span data-alert-count>2</span>" in bar[1]
    assert page.index('id="alerts-bar"') < page.index('id="pinned-alerts"') < page.index("</details>")
    assert page.count("Seen, thanks") == 2  # both cards are inside the bar, unseen


def test_chat_with_one_alert_and_other_pages_with_several_keep_the_cards(login, staff, group, member):
    publish(staff, group, "Strong batch going round")
    client = login(member)
    assert 'id="alerts-bar"' not in client.get(reverse("groups:chat", args=[group.slug])).content.decode()
    publish(staff, group, "Fake pills in the city")
    assert 'id="alerts-bar"' not in client.get(reverse("groups:topic-list", args=[group.slug])).content.decode()


def test_chat_page_fills_the_screen(login, group, member):
    page = login(member).get(reverse("groups:chat", args=[group.slug])).content.decode()
    assert re.search(r'<body class="[^"]*\bchat-page\b', page)
