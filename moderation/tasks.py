"""Beat jobs for moderation: each calls a plain function and logs a count, never content."""

import logging

from celery import shared_task
from django.utils import timezone

from .crisis_records import purge_crisis_records
from .log_retention import purge_removed_text, redact_old_reasons

log = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def purge_crisis_records_task():
    count = purge_crisis_records(timezone.now())
    log.info("crisis records: %d urgent items deleted after their time", count)
    return count


@shared_task(ignore_result=True)
def redact_moderation_log_task():
    now = timezone.now()
    reasons, texts = redact_old_reasons(now), purge_removed_text(now)
    log.info("moderation log: %d reasons redacted, %d removed messages emptied", reasons, texts)
    return reasons + texts
