"""Telling members that a survey is open: one content-free notification per person it is for, once.

The notification says only that an anonymous survey is open in a group and that answering is optional.
It is never changed by answering (a read or deleted notice must not tell who answered).
"""

from django.db import transaction
from django.utils import timezone

from accounts.notifications import fanout
from groups import access

from .answering import today
from .models import Survey


def announce(survey, now=None):
    """Notify the members of the survey's groups (or of every group) once it is open; False if not yet or done."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = Survey.objects.filter(
            pk=survey.pk,
            status=Survey.Status.PUBLISHED,
            kind=Survey.Kind.SURVEY,
            opens_on__lte=today(now),
            closes_on__gte=today(now),
            announced_at__isnull=True,
        ).update(announced_at=now)
        if not claimed:
            return False
        groups = None if survey.everyone else list(survey.groups.values_list("pk", flat=True))
        first_group = access.reader_ids(groups, order="group__name", active=True)
        fanout.notify_survey(first_group)
    return True


def announce_due(now=None):
    """Announce every published survey whose first day has come (the daily beat task); return how many."""
    due = Survey.objects.filter(status=Survey.Status.PUBLISHED, kind=Survey.Kind.SURVEY, announced_at__isnull=True)
    return sum(1 for survey in due if announce(survey, now))
