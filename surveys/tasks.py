import logging

from celery import shared_task

from . import lifecycle
from .announce import announce_due

log = logging.getLogger(__name__)


@shared_task
def close_due_surveys_task():
    """Beat (daily): close surveys past their last day and delete their "has answered" marks."""
    closed = lifecycle.close_due_surveys()
    announced = announce_due()
    log.info("surveys closed: %s, announced: %s", closed, announced)
    return closed
