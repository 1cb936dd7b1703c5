"""Diary: dated Markdown entries through the sanitizer, with optional mood, craving and tags."""

from django.urls import reverse

from accounts.companion.forms import DIARY_LIMIT
from accounts.companion.models import DiaryEntry

URL = reverse("accounts:companion-diary")


def test_a_member_writes_an_entry_and_reads_it_back(login, member):
    client = login(member)
    data = {"day": "2026-03-04", "body": "A *hard* day.\r\n\r\nCalled my sister.", "mood": "4", "craving": "7"}
    response = client.post(URL, {**data, "tags": "family, sleep, family"})
    assert response.status_code == 302
    entry = DiaryEntry.objects.get(owner=member)
    assert (str(entry.day), entry.mood, entry.craving) == ("2026-03-04", 4, 7)
    assert entry.tag_list() == ["family", "sleep"]
    page = client.get(URL).content.decode()
    assert "<em>hard</em>" in page and "Called my sister." in page


def test_scores_are_optional(login, member):
    login(member).post(URL, {"day": "2026-03-04", "body": "Just a line."})
    entry = DiaryEntry.objects.get(owner=member)
    assert entry.mood is None and entry.craving is None


def test_markup_is_sanitized_like_every_other_text(login, member):
    client = login(member)
    client.post(URL, {"day": "2026-03-04", "body": "<script>alert(1)</script> [x](javascript:alert(1))"})
    page = client.get(URL).content.decode()
    assert "<script>alert(1)" not in page
    assert 'href="javascript' not in page


def test_an_empty_entry_is_refused_with_what_to_do(login, member):
    response = login(member).post(URL, {"day": "2026-03-04", "body": " \n "})
    assert response.status_code == 200
    assert "Write something first" in response.content.decode()
    assert not DiaryEntry.objects.exists()


def test_a_too_long_entry_is_refused_and_kept_in_the_form(login, member):
    text = "x" * (DIARY_LIMIT + 1)
    response = login(member).post(URL, {"day": "2026-03-04", "body": text})
    assert "Nothing is lost" in response.content.decode()
    assert text in response.content.decode()
    assert not DiaryEntry.objects.exists()


def test_a_score_outside_0_to_10_is_refused(login, member):
    response = login(member).post(URL, {"day": "2026-03-04", "body": "ok", "mood": "11"})
    assert response.status_code == 200
    assert not DiaryEntry.objects.exists()


def test_the_owner_edits_and_deletes(login, member, entry):
    client = login(member)
    url = reverse("accounts:companion-diary-entry", args=[entry.pk])
    client.post(url, {"day": "2026-03-05", "body": "Edited words."})
    entry.refresh_from_db()
    assert entry.body == "Edited words."
    client.post(reverse("accounts:companion-diary-delete", args=[entry.pk]))
    assert not DiaryEntry.objects.exists()
