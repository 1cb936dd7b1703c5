"""The beat schedule (peersupport/settings.py) names only tasks the worker registers."""

from django.conf import settings

from peersupport.celery import app


def test_beat_schedule_names_registered_tasks():
    app.loader.import_default_modules()
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert names == {
        "accounts.tasks.send_digests",
        "groups.tasks.purge_expired_messages_task",
        "groups.tasks.purge_decided_answers_task",
        "accounts.tasks.clear_expired_sessions",
        "groups.tasks.expire_invitations_task",
        "groups.tasks.cleanup_presence_task",
        "groups.tasks.end_bans_task",
        "groups.tasks.purge_ended_support_task",
        "moderation.tasks.purge_crisis_records_task",
        "moderation.tasks.redact_moderation_log_task",
        "accounts.tasks.escalate_urgent_items",
        "accounts.tasks.sweep_urgent_emails",
        "accounts.tasks.send_kept_tasks",
        "surveys.tasks.close_due_surveys_task",
        "accounts.companion.tasks.send_companion_reminders",
        "outreach.tasks.purge_consultations_task",
        "outreach.tasks.route_waiting_task",
    }
    assert names <= set(app.tasks)
