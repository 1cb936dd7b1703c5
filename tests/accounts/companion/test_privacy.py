"""Private means private: the owner alone; 404 for everyone else; no admin; no readable text in the database."""

import io

import pytest
from django.contrib import admin
from django.db import connection
from django.http import Http404
from django.urls import reverse

from accounts.companion import crypto
from accounts.companion.access import own
from accounts.companion.models import DiaryEntry, Milestone

SECRET = "I used on Tuesday and told nobody"


@pytest.mark.parametrize("who", ["moderator", "owner", "staff", "other_member", "outsider"])
def test_everyone_but_the_owner_gets_404_for_an_entry(request, client, entry, who):
    client.force_login(request.getfixturevalue(who))
    for name in ("companion-diary-entry", "companion-share-diary"):
        response = client.get(reverse(f"accounts:{name}", args=[entry.pk]))
        assert response.status_code == 404
        assert entry.body.encode() not in response.content
    response = client.post(reverse("accounts:companion-diary-delete", args=[entry.pk]))
    assert response.status_code == 404
    assert DiaryEntry.objects.filter(pk=entry.pk).exists()


def test_someone_elses_entry_answers_like_a_missing_one(staff, entry):
    with pytest.raises(Http404) as theirs:
        own(staff, DiaryEntry, entry.pk)
    with pytest.raises(Http404) as missing:
        own(staff, DiaryEntry, entry.pk + 1000)
    assert str(theirs.value) == str(missing.value)


def test_a_superusers_lists_show_nothing_of_the_member(login, staff, entry, milestone):
    assert staff.is_superuser
    client = login(staff)
    assert entry.body.encode() not in client.get(reverse("accounts:companion-diary")).content
    assert b"without heroin" not in client.get(reverse("accounts:companion-milestones")).content


def test_the_owner_reads_it(login, member, entry):
    response = login(member).get(reverse("accounts:companion-diary-entry", args=[entry.pk]))
    assert response.status_code == 200
    assert b"<strong>walked</strong>" in response.content


def test_the_django_admin_has_no_companion_model():
    companion = {m for m in admin.site._registry if m.__module__.startswith("accounts.companion")}
    assert companion == set()
    assert DiaryEntry not in admin.site._registry and Milestone not in admin.site._registry


def test_a_raw_read_of_the_tables_shows_no_diary_text(member):
    """What a database dump would show (SQLite here, PostgreSQL in CI): tokens, never the words."""
    DiaryEntry.objects.create(owner=member, body=SECRET, tags="relapse")
    Milestone.objects.create(owner=member, label="days clean of heroin", since="2026-01-01")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT body, tags FROM {DiaryEntry._meta.db_table}")
        body, tags = cursor.fetchone()
        cursor.execute(f"SELECT label FROM {Milestone._meta.db_table}")
        (label,) = cursor.fetchone()
    for stored, plain in ((body, SECRET), (tags, "relapse"), (label, "heroin")):
        assert plain not in stored
        assert stored.startswith(crypto.PREFIX)
    assert DiaryEntry.objects.get().body == SECRET  # and the owner still reads it


def test_keys_rotate_newest_first(settings, member):
    settings.COMPANION_ENCRYPTION_KEYS = ["old-key"]
    row = DiaryEntry.objects.create(owner=member, body=SECRET)
    settings.COMPANION_ENCRYPTION_KEYS = ["new-key", "old-key"]
    assert DiaryEntry.objects.get(pk=row.pk).body == SECRET  # still readable with the old key second
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT body FROM {DiaryEntry._meta.db_table} WHERE id = %s", [row.pk])
        stored = cursor.fetchone()[0]
    rotated = crypto.rotate(stored)
    settings.COMPANION_ENCRYPTION_KEYS = ["new-key"]
    assert crypto.decrypt(rotated) == SECRET
    with pytest.raises(ValueError):
        crypto.decrypt(stored)  # the old token needs the old key


def test_the_default_key_is_derived_from_secret_key_but_differs_from_mfa():
    from accounts import mfa_adapter

    token = crypto.encrypt("x")
    with pytest.raises(ValueError):
        mfa_adapter.decrypt("fernet:" + token[len(crypto.PREFIX) :])


def test_check_deploy_warns_while_the_key_is_derived_from_secret_key(settings):
    settings.COMPANION_ENCRYPTION_KEYS = ["derived-from-secret-key:abc"]
    assert [w.id for w in crypto.companion_keys_of_their_own(None)] == ["accounts.W002"]
    settings.COMPANION_ENCRYPTION_KEYS = ["a-key-of-its-own-0123456789"]
    assert crypto.companion_keys_of_their_own(None) == []


def test_text_that_looks_like_a_token_is_still_just_text(login, member):
    login(member).post(reverse("accounts:companion-diary"), {"day": "2026-03-04", "body": "fernet:hello"})
    assert DiaryEntry.objects.get().body == "fernet:hello"


def test_rotate_companion_keys_re_encrypts_every_row_with_the_newest_key(settings, member, entry, milestone):
    from django.core.management import call_command

    settings.COMPANION_ENCRYPTION_KEYS = ["brand-new-key", *settings.COMPANION_ENCRYPTION_KEYS]
    call_command("rotate_companion_keys", stdout=io.StringIO())
    settings.COMPANION_ENCRYPTION_KEYS = ["brand-new-key"]
    assert DiaryEntry.objects.get().body == entry.body
    assert Milestone.objects.get().label == "without heroin"
