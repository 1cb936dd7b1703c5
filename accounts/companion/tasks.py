"""Companion tasks (imported by accounts/tasks.py so the worker registers them)."""

from celery import shared_task

from . import reminders


@shared_task(ignore_result=True)
def send_companion_reminders():
    reminders.send_due()
