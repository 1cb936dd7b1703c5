"""The moderation log is append-only: model, queryset and admin."""

import pytest
from django.urls import reverse

from moderation.models import AppendOnlyError, ModerationLog


@pytest.fixture
def row(group, moderator, member):
    return ModerationLog.objects.create(group=group, actor=moderator, action="warn", target_user=member, reason="r")


def test_log_row_cannot_be_saved_again(row):
    row.reason = "changed"
    with pytest.raises(AppendOnlyError):
        row.save()


def test_log_row_cannot_be_deleted(row):
    with pytest.raises(AppendOnlyError):
        row.delete()


def test_log_queryset_cannot_update_or_delete(row):
    with pytest.raises(AppendOnlyError):
        ModerationLog.objects.filter(pk=row.pk).update(reason="x")
    with pytest.raises(AppendOnlyError):
        ModerationLog.objects.all().delete()
    assert ModerationLog.objects.get(pk=row.pk).reason == "r"


def test_log_admin_staff_can_read_but_not_change_or_delete(login, staff, row):
    client = login(staff)
    change = reverse("admin:moderation_moderationlog_change", args=[row.pk])
    assert client.get(reverse("admin:moderation_moderationlog_changelist")).status_code == 200
    page = client.get(change)
    assert page.status_code == 200 and b'name="reason"' not in page.content
    client.post(change, {"reason": "rewritten", "action": "approve"})
    assert client.get(reverse("admin:moderation_moderationlog_delete", args=[row.pk])).status_code == 403
    client.post(reverse("admin:moderation_moderationlog_delete", args=[row.pk]), {"post": "yes"})
    assert client.get(reverse("admin:moderation_moderationlog_add")).status_code == 403
    response = client.post(
        reverse("admin:moderation_moderationlog_changelist"),
        {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)
    row_now = ModerationLog.objects.get(pk=row.pk)
    assert row_now.reason == "r" and row_now.action == "warn"


def test_watched_word_admin_staff_can_add(login, staff):
    from moderation.models import WatchedWord

    client = login(staff)
    response = client.post(
        reverse("admin:moderation_watchedword_add"),
        {"pattern": "swapping", "action": "hold", "reason": "", "language": "", "created_at_0": "2026-01-01",
         "created_at_1": "10:00:00"},
    )  # fmt: skip
    assert response.status_code == 302, response.content[:2000]
    assert WatchedWord.objects.filter(pattern="swapping").exists()


def test_watched_word_admin_rejects_bad_regex(login, staff):
    client = login(staff)
    response = client.post(
        reverse("admin:moderation_watchedword_add"),
        {"pattern": "([", "is_regex": "on", "action": "hold", "created_at_0": "2026-01-01", "created_at_1": "10:00"},
    )
    assert response.status_code == 200 and b"not a valid regular expression" in response.content
