"""Rows for the recovery companion (accounts/companion/urls.py).

Everything in it is world.member's alone: every other actor, moderators and staff included, gets 404 for
each object; anonymous visitors are sent to sign in. The lists and forms are everyone's own (each signed-in
person sees only their own rows). Information pages are public to signed-in people; staff write them.
"""

from datetime import date, timedelta

from django.utils import timezone

from accounts.companion.models import (
    Appointment,
    DiaryEntry,
    DoseReminder,
    InfoPage,
    Milestone,
    SowsScore,
    TaperPlan,
    TaperStep,
)
from tests.authz.matrix import FORBIDDEN, LOGIN, NOT_ALLOWED, NOT_FOUND, OK, REDIRECT, Row, expect


def setup(world):
    owner = world.member
    world.diary_entry = DiaryEntry.objects.create(owner=owner, body="A private entry.")
    world.sows = SowsScore.objects.create(owner=owner, answers=[0] * 16, total=0)
    world.plan = TaperPlan.objects.create(owner=owner, start_date=date(2026, 1, 1))
    TaperStep.objects.create(plan=world.plan, order=0, dose=10, unit="mg", days=31)
    world.appointment = Appointment.objects.create(owner=owner, at=timezone.now() + timedelta(days=2), title="Clinic")
    world.dose = DoseReminder.objects.create(owner=owner, time_of_day="08:00")
    world.milestone = Milestone.objects.create(owner=owner, label="without using", since=date(2026, 1, 1))
    world.info = InfoPage.objects.create(language="en", slug="about", title="About treatment", body="Text.")


def _pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


EVERYONE = expect(OK, anonymous=LOGIN)
EVERYONE_POST = expect(REDIRECT, anonymous=LOGIN)
INVALID_POST = expect(OK, anonymous=LOGIN)  # an empty form comes back with its errors
PRIVATE = expect(NOT_FOUND, anonymous=LOGIN, member=OK, moderator_no_totp=NOT_FOUND)
PRIVATE_POST = expect(NOT_FOUND, anonymous=LOGIN, member=REDIRECT, moderator_no_totp=NOT_FOUND)
POST_ONLY = expect(NOT_ALLOWED, anonymous=LOGIN)
STAFF = expect(FORBIDDEN, anonymous=LOGIN, staff=OK)
STAFF_POST = expect(FORBIDDEN, anonymous=LOGIN, staff=OK)  # an empty form comes back with its errors

ROWS = [
    Row("accounts:companion-home", EVERYONE),
    Row("accounts:companion-home", POST_ONLY, method="POST", note="read only"),
    Row("accounts:companion-diary", EVERYONE),
    Row("accounts:companion-diary", EVERYONE_POST, method="POST", data=lambda w: {"day": "2026-02-01", "body": "Hi"}),
    Row("accounts:companion-diary-entry", PRIVATE, _pk("diary_entry")),
    Row(
        "accounts:companion-diary-entry",
        PRIVATE_POST,
        _pk("diary_entry"),
        method="POST",
        data=lambda w: {"day": "2026-02-01", "body": "Edited"},
    ),
    Row("accounts:companion-diary-delete", POST_ONLY, _pk("diary_entry"), note="POST only"),
    Row("accounts:companion-diary-delete", PRIVATE_POST, _pk("diary_entry"), method="POST"),
    Row("accounts:companion-share-diary", PRIVATE, _pk("diary_entry")),
    Row(
        "accounts:companion-share-diary",
        PRIVATE,
        _pk("diary_entry"),
        method="POST",
        note="no group chosen: the draft comes back",
    ),
    Row("accounts:companion-checkin", EVERYONE),
    Row("accounts:companion-checkin", EVERYONE_POST, method="POST", data=lambda w: {"mood": "5"}),
    Row("accounts:companion-sows", EVERYONE),
    Row("accounts:companion-sows", EVERYONE_POST, method="POST", data=lambda w: {f"item_{i}": "1" for i in range(16)}),
    Row("accounts:companion-sows-result", PRIVATE, _pk("sows")),
    Row(
        "accounts:companion-sows-result",
        POST_ONLY,
        _pk("sows"),
        method="POST",
        note="read only",
    ),
    Row("accounts:companion-taper", EVERYONE),
    Row(
        "accounts:companion-taper",
        EVERYONE_POST,
        method="POST",
        data=lambda w: {"start_date": "2026-02-01", "steps": "10 mg 31"},
    ),
    Row("accounts:companion-taper-change", POST_ONLY, _pk("plan"), note="POST only"),
    Row(
        "accounts:companion-taper-change", PRIVATE_POST, _pk("plan"), method="POST", data=lambda w: {"action": "pause"}
    ),
    Row("accounts:companion-reminders", EVERYONE),
    Row(
        "accounts:companion-reminders",
        EVERYONE_POST,
        method="POST",
        data=lambda w: {"form": "dose", "dose-time_of_day": "09:00"},
    ),
    Row("accounts:companion-appointment-delete", POST_ONLY, _pk("appointment"), note="POST only"),
    Row("accounts:companion-appointment-delete", PRIVATE_POST, _pk("appointment"), method="POST"),
    Row("accounts:companion-dose-delete", POST_ONLY, _pk("dose"), note="POST only"),
    Row("accounts:companion-dose-delete", PRIVATE_POST, _pk("dose"), method="POST"),
    Row("accounts:companion-progress", EVERYONE),
    Row("accounts:companion-progress", POST_ONLY, method="POST", note="read only"),
    Row("accounts:companion-milestones", EVERYONE),
    Row(
        "accounts:companion-milestones",
        EVERYONE_POST,
        method="POST",
        data=lambda w: {"label": "walking daily", "since": "2026-02-01"},
    ),
    Row("accounts:companion-milestone-delete", POST_ONLY, _pk("milestone"), note="POST only"),
    Row("accounts:companion-milestone-delete", PRIVATE_POST, _pk("milestone"), method="POST"),
    Row("accounts:companion-share-milestone", PRIVATE, _pk("milestone")),
    Row(
        "accounts:companion-share-milestone",
        PRIVATE,
        _pk("milestone"),
        method="POST",
        note="no group chosen: the draft comes back",
    ),
    Row("accounts:companion-info", EVERYONE),
    Row("accounts:companion-info", POST_ONLY, method="POST", note="read only"),
    Row("accounts:companion-info-page", EVERYONE, lambda w: {"language": "en", "slug": "about"}),
    Row(
        "accounts:companion-info-page",
        POST_ONLY,
        lambda w: {"language": "en", "slug": "about"},
        method="POST",
        note="read only",
    ),
    Row("accounts:companion-info-new", STAFF),
    Row("accounts:companion-info-new", STAFF_POST, method="POST", note="empty form"),
    Row("accounts:companion-info-edit", STAFF, _pk("info")),
    Row("accounts:companion-info-edit", STAFF_POST, _pk("info"), method="POST", note="empty form"),
]
