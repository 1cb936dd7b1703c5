import logging

from celery import shared_task

from . import lifecycle

log = logging.getLogger(__name__)


@shared_task
def close_due_surveys_task():
    """Beat (daily): close surveys past their last day and delete their "has answered" marks."""
    closed = lifecycle.close_due_surveys()
    log.info("surveys closed: %s", closed)
    return closed
