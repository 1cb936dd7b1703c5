"""Reminders: due at the right local time, content-free, sent once, with an explicit `now`."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from accounts.companion import reminders
from accounts.companion.models import Appointment, DoseReminder, ReminderSent
from accounts.notifications import inbox
from accounts.notifications.models import Notification

HELSINKI = ZoneInfo("Europe/Helsinki")
SECRET = "Methadone clinic, Dr Virtanen"


def at(hour, minute=0, day=10):
    return datetime(2026, 3, day, hour, minute, tzinfo=HELSINKI)


@pytest.fixture
def appointment(member):
    return Appointment.objects.create(owner=member, at=at(14), title=SECRET, remind_minutes_before=60)


def test_an_appointment_reminder_fires_at_its_time_and_never_twice(appointment, member):
    assert reminders.send_due(now=at(12, 59)) == []
    [sent] = reminders.send_due(now=at(13, 0))
    assert (sent.user, sent.kind) == (member, Notification.Kind.REMINDER)
    assert reminders.send_due(now=at(13, 1)) == []
    assert reminders.send_due(now=at(13, 30)) == []
    assert Notification.objects.filter(kind="reminder").count() == 1


def test_the_notification_says_only_you_have_a_reminder(appointment, member, login):
    reminders.send_due(now=at(13, 0))
    [line] = inbox.lines(inbox.visible_notifications(member))
    assert line.text == "You have a reminder"
    assert line.url == reverse("accounts:companion-reminders")
    page = login(member).get(reverse("accounts:notifications")).content.decode()
    assert "You have a reminder" in page and SECRET not in page


def test_the_email_is_content_free_even_with_details_on(appointment, member, django_capture_on_commit_callbacks):
    member.email_frequency = member.EmailFrequency.IMMEDIATE
    member.email_details = True
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_due(now=at(13, 0))
    [message] = mail.outbox
    assert SECRET not in message.subject + message.body
    assert "Methadone" not in message.body and "clinic" not in message.body.lower()


def test_a_moved_appointment_reminds_again(appointment):
    reminders.send_due(now=at(13, 0))
    appointment.at = at(16)
    appointment.save()
    assert len(reminders.send_due(now=at(15, 0))) == 1


def test_a_reminder_missed_by_hours_is_not_sent_late(appointment):
    assert reminders.send_due(now=at(13) + reminders.REMINDER_WINDOW + timedelta(minutes=1)) == []


def test_dose_times_are_local_times(member, settings):
    assert settings.TIME_ZONE == "Europe/Helsinki"
    DoseReminder.objects.create(owner=member, time_of_day=time(8, 30), created_at=at(0, 0, day=1))
    assert reminders.send_due(now=datetime(2026, 3, 10, 6, 29, tzinfo=ZoneInfo("UTC"))) == []  # 08:29 Helsinki
    assert len(reminders.send_due(now=datetime(2026, 3, 10, 6, 30, tzinfo=ZoneInfo("UTC")))) == 1
    assert reminders.send_due(now=at(9)) == []  # once a day
    assert len(reminders.send_due(now=at(8, 31, day=11))) == 1  # and again the next day
    assert ReminderSent.objects.count() == 2


def test_a_dose_time_added_after_todays_time_starts_tomorrow(member):
    DoseReminder.objects.create(owner=member, time_of_day=time(8, 0), created_at=at(8, 30))
    assert reminders.send_due(now=at(8, 31)) == []
    assert len(reminders.send_due(now=at(8, 1, day=11))) == 1


def test_a_switched_off_dose_time_sends_nothing(member):
    DoseReminder.objects.create(owner=member, time_of_day=time(8, 0), created_at=at(0, 0, day=1), active=False)
    assert reminders.send_due(now=at(8, 1)) == []


def test_two_runs_at_once_send_one(appointment):
    due = reminders.due(at(13, 0))
    assert len(due) == 1
    assert reminders.send(*due[0]) is not None
    assert reminders.send(*due[0]) is None  # the second worker finds the key taken
    assert Notification.objects.count() == 1


def test_the_beat_task_runs_the_same_function(appointment, monkeypatch):
    from accounts.companion import tasks

    seen = []
    monkeypatch.setattr(reminders, "send_due", lambda now=None: seen.append(now))
    tasks.send_companion_reminders()
    assert seen == [None]


def test_a_member_adds_an_appointment_in_local_time(login, member):
    response = login(member).post(
        reverse("accounts:companion-reminders"),
        {"form": "appointment", "at": "2026-03-10T14:00", "title": SECRET, "remind_minutes_before": "30"},
    )
    assert response.status_code == 302
    appointment = Appointment.objects.get(owner=member)
    assert appointment.at == at(14) and appointment.title == SECRET


def test_a_reminder_more_than_a_week_ahead_is_refused(login, member):
    response = login(member).post(
        reverse("accounts:companion-reminders"),
        {"form": "appointment", "at": "2026-03-10T14:00", "title": "x", "remind_minutes_before": "20000"},
    )
    assert "At most a week" in response.content.decode()
    assert not Appointment.objects.exists()
