"""The notifications page: the list, opening one, marking all read, sign-in, query count."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from accounts.notifications import inbox
from groups.models import Message
from tests.accounts.notifications.helpers import reply, start_topic


def test_notification_list_shows_notifications_and_marks_read(run_after_commit, login, member, other_member, group):
    first = start_topic(run_after_commit, member, group)
    reply(run_after_commit, other_member, first)
    client = login(member)
    page = client.get(reverse("accounts:notifications"))
    assert "Other Member replied in “Sleep after stopping” (Recovery circle)." in page.content.decode()
    assert 'id="notification-count">1<' in page.content.decode()
    notification = Notification.objects.get(user=member)
    response = client.post(reverse("accounts:notification-read", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#m{notification.message_id}")
    assert inbox.unread_count(member) == 0


def test_notification_of_someone_else_cannot_be_opened(run_after_commit, login, member, other_member, group):
    first = start_topic(run_after_commit, member, group)
    reply(run_after_commit, other_member, first)
    notification = Notification.objects.get(user=member)
    response = login(other_member).post(reverse("accounts:notification-read", args=[notification.pk]))
    assert response.status_code == 404
    assert Notification.objects.get(pk=notification.pk).read_at is None


def test_mark_all_read_clears_the_bell(run_after_commit, login, member, other_member, moderator, group):
    first = start_topic(run_after_commit, member, group)
    reply(run_after_commit, other_member, first)
    reply(run_after_commit, moderator, first)
    client = login(member)
    client.post(reverse("accounts:notifications-read-all"))
    assert inbox.unread_count(member) == 0
    assert 'id="notification-count" hidden>0<' in client.get(reverse("accounts:notifications")).content.decode()


def test_notification_list_needs_sign_in(client):
    response = client.get(reverse("accounts:notifications"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_notification_list_queries_do_not_grow_with_notifications(
    run_after_commit, login, member, other_member, group, django_assert_max_num_queries
):
    first = start_topic(run_after_commit, member, group)
    for n in range(6):
        reply(run_after_commit, other_member, first, f"reply {n}")
        Message.objects.filter(author=other_member).update(created_at=timezone.now() - timedelta(minutes=5))
    client = login(member)
    with django_assert_max_num_queries(14):
        client.get(reverse("accounts:notifications"))
