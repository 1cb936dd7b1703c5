"""The page chrome (accounts/notifications/chrome.py): the bell's count and the pinned alerts in one cache read per
page, a group with no alert costs no query, a change shows on the next page, and a dead Redis changes nothing
a person sees."""

import re
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.notifications import inbox
from accounts.notifications.models import Notification
from moderation.alerts import actions as alerts
from moderation.alerts.models import Alert


def _publish(staff, group, title):
    until = timezone.now() + timedelta(days=1)
    alert = Alert(title=title, body_source="Test it first.", severity="warning", expires_at=until)
    return alerts.publish_alert(staff, alert, [group])


def _topics(group):
    return reverse("groups:topic-list", args=[group.slug])


def _badge(page):
    found = re.search(r'id="notification-count"[^>]*>(\d+)<', page)
    return int(found[1]) if found else None


def _sql(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), " ".join(q["sql"] for q in queries)


def test_warm_page_reads_neither_alerts_nor_notifications_from_the_database(login, member, group):
    client = login(member)
    client.get(_topics(group))
    _page, sql = _sql(client, _topics(group))
    assert "moderation_alert" not in sql and "accounts_notification" not in sql


def test_one_cache_read_serves_the_bell_and_the_alerts(login, member, group, monkeypatch):
    client = login(member)
    client.get(_topics(group))
    cache, reads = caches["default"], []
    real_get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys, **kw: reads.append(tuple(keys)) or real_get_many(keys, **kw))
    client.get(_topics(group))
    assert reads == [(inbox.count_key(member.pk), alerts.ACTIVE_INDEX_KEY)]


def test_published_and_withdrawn_alerts_show_on_the_next_page(
    login, member, staff, group, django_capture_on_commit_callbacks
):
    client = login(member)
    assert "Strong batch" not in client.get(_topics(group)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        alert = _publish(staff, group, "Strong batch in town")
    assert "Strong batch in town" in client.get(_topics(group)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        alerts.withdraw_alert(staff, alert)
    assert "Strong batch in town" not in client.get(_topics(group)).content.decode()


def test_an_alert_for_another_group_stays_there(login, member, staff, group, other_group):
    _publish(staff, other_group, "Elsewhere only")
    assert "Elsewhere only" not in login(member).get(_topics(group)).content.decode()


def test_the_bell_counts_a_new_notification(login, member, group):
    client = login(member)
    assert _badge(client.get(_topics(group)).content.decode()) == 0
    Notification.objects.create(user=member, kind=Notification.Kind.REMINDER)
    inbox.refresh_unread_count(member)  # what creating a notification does after commit
    assert _badge(client.get(_topics(group)).content.decode()) == 1


@pytest.mark.parametrize("page", ["groups:topic-list", "groups:chat", "groups:group-home"])
def test_with_redis_down_pages_answer_with_the_bell_and_the_alerts(login, member, staff, group, settings, page):
    _publish(staff, group, "Strong batch in town")
    Notification.objects.create(user=member, kind=Notification.Kind.REMINDER)
    client = login(member)
    settings.CACHES = {
        "default": {
            "BACKEND": "peersupport.cache.FailSoftRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    response = client.get(reverse(page, args=[group.slug]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Strong batch in town" in text and _badge(text) == 1
