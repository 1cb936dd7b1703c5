"""Beat jobs for moderation: each calls a plain function and logs a count, never content."""

import logging

from celery import shared_task
from django.utils import timezone

from .crisis_records import purge_crisis_records

log = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def purge_crisis_records_task():
    count = purge_crisis_records(timezone.now())
    log.info("crisis records: %d urgent items deleted after their time", count)
    return count
