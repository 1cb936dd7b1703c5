"""Anonymous bad-batch reports: stored without author, checked by staff, turned into alerts."""

import datetime

from django.urls import reverse

from moderation.alerts.actions import BAD_BATCH_LIMIT
from moderation.models import Alert, BadBatchReport, WatchedWord

REPORT = {"what": "Blue pills sold as ecstasy", "where": "Tampere, centre", "effects": "Seizures in two people"}


def test_bad_batch_report_stores_no_author(login, member):
    response = login(member).post(reverse("moderation:bad-batch-new"), REPORT)
    assert response.status_code == 200
    assert "Thank you for the warning" in response.content.decode()
    report = BadBatchReport.objects.get()
    assert (report.what, report.where, report.effects) == (REPORT["what"], REPORT["where"], REPORT["effects"])
    fields = {f.name: f for f in BadBatchReport._meta.get_fields()}
    assert not any(f.is_relation and f.related_model.__name__ == "User" for f in fields.values())
    assert set(fields) == {"id", "what", "where", "effects", "received_on", "status", "alert"}
    assert type(report.received_on) is datetime.date
    stored = " ".join(str(value) for value in BadBatchReport.objects.values().get().values())
    assert member.display_name not in stored
    assert member.email not in stored


def test_bad_batch_report_is_not_published_until_verified(login, member, group, staff):
    login(member).post(reverse("moderation:bad-batch-new"), REPORT)
    assert not Alert.objects.exists()
    html = login(staff).get(reverse("moderation:bad-batch-list")).content.decode()
    assert "Blue pills sold as ecstasy" in html
    assert member.display_name not in html


def test_bad_batch_form_keeps_input_and_names_limit(login, member):
    response = login(member).post(reverse("moderation:bad-batch-new"), {**REPORT, "effects": "x" * 1001})
    html = response.content.decode()
    assert "At most 1000 characters" in html
    assert "Blue pills sold as ecstasy" in html
    assert not BadBatchReport.objects.exists()


def test_bad_batch_text_goes_through_the_pipeline(login, member):
    WatchedWord.objects.create(pattern="dealer name", action="refuse", reason="Never name a person.")
    response = login(member).post(
        reverse("moderation:bad-batch-new"), {**REPORT, "where": "<b>Kallio</b>, ask dealer name"}
    )
    assert "Never name a person." in response.content.decode()
    assert not BadBatchReport.objects.exists()
    login(member).post(reverse("moderation:bad-batch-new"), {**REPORT, "where": "<b>Kallio</b>"})
    assert BadBatchReport.objects.get().where == "Kallio"


def test_bad_batch_verify_prefills_an_alert_and_publishes_it(login, staff, group, other_group):
    report = BadBatchReport.objects.create(**REPORT)
    client = login(staff)
    form = client.get(reverse("moderation:bad-batch-verify", args=[report.pk])).content.decode()
    assert "Blue pills sold as ecstasy" in form
    assert "Anonymous report, checked by staff" in form
    response = client.post(
        reverse("moderation:bad-batch-verify", args=[report.pk]),
        {
            "title": "Dangerous pills in Tampere",
            "body_source": "Blue pills sold as ecstasy caused seizures.",
            "severity": "urgent",
            "expires_at": "2099-01-01T12:00",
            "groups": [group.pk],
            "verified": "on",
            "source_note": "Anonymous report, checked by staff",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "verified"
    assert report.alert.title == "Dangerous pills in Tampere"
    assert list(report.alert.groups.all()) == [group]
    # A verified report cannot be published twice.
    assert client.get(reverse("moderation:bad-batch-verify", args=[report.pk])).status_code == 404


def test_bad_batch_dismiss_publishes_nothing(login, staff):
    report = BadBatchReport.objects.create(**REPORT)
    login(staff).post(reverse("moderation:bad-batch-verify", args=[report.pk]), {"dismiss": "1"})
    report.refresh_from_db()
    assert report.status == "dismissed"
    assert not Alert.objects.exists()


def test_bad_batch_queue_refuses_professionals_and_members(login, professional, member):
    for user in (professional, member):
        assert login(user).get(reverse("moderation:bad-batch-list")).status_code == 403


def test_bad_batch_reports_are_limited_per_hour_without_storing_the_sender(login, member, other_member):
    client = login(member)
    for _ in range(BAD_BATCH_LIMIT):
        assert "Thank you for the warning" in client.post(reverse("moderation:bad-batch-new"), REPORT).content.decode()
    html = client.post(reverse("moderation:bad-batch-new"), {**REPORT, "what": "Green powder"}).content.decode()
    assert f"one person can send {BAD_BATCH_LIMIT} reports an hour" in html
    assert "please send it again after" in html
    assert "Green powder" in html  # the text is kept
    assert BadBatchReport.objects.count() == BAD_BATCH_LIMIT
    # Someone else is not held back by this person's reports.
    login(other_member).post(reverse("moderation:bad-batch-new"), REPORT)
    assert BadBatchReport.objects.count() == BAD_BATCH_LIMIT + 1
    # The rows still say nothing about who sent them.
    fields = {f.name for f in BadBatchReport._meta.get_fields()}
    assert fields == {"id", "what", "where", "effects", "received_on", "status", "alert"}
    stored = " ".join(str(v) for row in BadBatchReport.objects.values() for v in row.values())
    assert member.display_name not in stored and member.email not in stored
