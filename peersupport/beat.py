"""Celery beat's timetable: plain functions behind thin tasks (accounts/tasks.py, groups/tasks.py, ...).

Retention jobs run at night, a few minutes apart; the live ones (escalation, reminders, presence) every
minute or two. `tests/peersupport/test_beat.py` checks every entry names a task that exists.
"""

from celery.schedules import crontab


def schedule(digest_hour):
    return {
        "daily-digests": {
            "task": "accounts.tasks.send_digests",
            "schedule": crontab(hour=digest_hour, minute=0),
        },
        "retention-purge": {"task": "groups.tasks.purge_expired_messages_task", "schedule": crontab(hour=3, minute=10)},
        "support-purge": {"task": "groups.tasks.purge_ended_support_task", "schedule": crontab(hour=3, minute=25)},
        "crisis-record-purge": {
            "task": "moderation.tasks.purge_crisis_records_task",
            "schedule": crontab(hour=3, minute=35),
        },
        "join-answer-purge": {
            "task": "groups.tasks.purge_decided_answers_task",
            "schedule": crontab(hour=3, minute=40),
        },
        "clear-sessions": {"task": "accounts.tasks.clear_expired_sessions", "schedule": crontab(hour=3, minute=50)},
        "log-redaction": {
            "task": "moderation.tasks.redact_moderation_log_task",
            "schedule": crontab(hour=3, minute=55),
        },
        "invitation-expiry": {"task": "groups.tasks.expire_invitations_task", "schedule": crontab(minute=20)},
        "stale-presence": {"task": "groups.tasks.cleanup_presence_task", "schedule": 120.0},
        "ban-ends": {"task": "groups.tasks.end_bans_task", "schedule": 300.0},
        "task-outbox": {"task": "accounts.tasks.send_kept_tasks", "schedule": 60.0},
        "urgent-escalation": {"task": "accounts.tasks.escalate_urgent_items", "schedule": 60.0},
        "urgent-email-sweep": {"task": "accounts.tasks.sweep_urgent_emails", "schedule": 120.0},
        "survey-close": {"task": "surveys.tasks.close_due_surveys_task", "schedule": crontab(hour=0, minute=15)},
        "companion-reminders": {"task": "accounts.companion.tasks.send_companion_reminders", "schedule": 60.0},
        "consultation-purge": {"task": "outreach.tasks.purge_consultations_task", "schedule": crontab(minute=45)},
        "consultation-routing": {"task": "outreach.tasks.route_waiting_task", "schedule": 300.0},
    }
