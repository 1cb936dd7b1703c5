"""Rows every process keeps a copy of (peersupport/process_copies.py), through the crisis resources."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from moderation.alerts import crisis
from moderation.alerts.models import CrisisResource


def resource_reads(queries):
    return [q for q in queries.captured_queries if 'FROM "moderation_crisisresource"' in q["sql"]]


def test_the_help_page_reads_the_resources_once_per_change(client, db):
    CrisisResource.objects.create(language="en", name="Night line", phone="0800 000 000")
    assert "Night line" in client.get(reverse("crisis-help"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    with CaptureQueriesContext(connection) as queries:
        assert "Night line" in client.get(reverse("crisis-help"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert resource_reads(queries) == []
    line = CrisisResource.objects.get(name="Night line")
    line.name = "Night line, open 24/7"
    line.save()  # as in the admin
    assert "Night line, open 24/7" in client.get(reverse("crisis-help"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    line.delete()
    assert "Night line" not in client.get(reverse("crisis-help"), HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_each_language_has_its_own_copy_and_falls_back_to_english(db):
    CrisisResource.objects.filter(language__in=["en", "sv"]).delete()
    CrisisResource.objects.create(language="en", name="English line")
    assert [r.name for r in crisis.resources_for("sv")] == ["English line"]  # no Swedish one yet
    CrisisResource.objects.create(language="sv", name="Svensk linje")
    assert [r.name for r in crisis.resources_for("sv")] == ["Svensk linje"]
    assert [r.name for r in crisis.resources_for("en")] == ["English line"]


def test_without_the_cache_the_resources_come_from_the_database(db, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    CrisisResource.objects.filter(language="en").delete()
    assert crisis.resources_for("en") == []
    CrisisResource.objects.bulk_create([CrisisResource(language="en", name="Added without a signal")])
    assert [r.name for r in crisis.resources_for("en")] == ["Added without a signal"]
