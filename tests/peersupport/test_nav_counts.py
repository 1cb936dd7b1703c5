"""The unread and queue counts beside the brand, where the menu folds (templates/_nav_counts.html)."""

import re

from django.urls import reverse

from accounts.notifications.models import Notification


def compact(html):
    match = re.search(r'<div class="nav-counts[^"]*">(.*?)</div>', html, re.S)
    return match[1] if match else None


def test_nav_counts_member_sees_unread_count_with_a_name(login, member):
    Notification.objects.create(user=member, kind="join_decided")
    counts = compact(login(member).get(reverse("groups:group-list")).content.decode())
    assert 'id="notification-count-compact"' in counts
    assert "Notifications</span>" in counts and ">1</span>" in counts and "> unread</span>" in counts
    assert "queue-count-compact" not in counts  # a member moderates nothing


def test_nav_counts_nothing_unread_says_only_notifications(login, member):
    counts = compact(login(member).get(reverse("groups:group-list")).content.decode())
    assert "data-unread-count hidden>0</span>" in counts and "data-unread-suffix hidden>" in counts


def test_nav_counts_moderator_and_staff_see_the_queue(login, moderator, staff):
    for person in (moderator, staff):
        counts = compact(login(person).get(reverse("groups:group-list")).content.decode())
        assert 'id="queue-count-compact"' in counts and "Moderation queue</span>" in counts


def test_nav_counts_not_for_visitors(client):
    assert compact(client.get(reverse("home")).content.decode()) is None
