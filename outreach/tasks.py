"""Beat and queued jobs of the desk: retention, and telling a service about a referral. Ids only, counts logged."""

import logging

from celery import shared_task

from . import consultations, notify, service_mail

log = logging.getLogger(__name__)


@shared_task
def purge_consultations_task():
    count = consultations.purge()
    log.info("outreach: %s consultations deleted (closed past retention, or unused)", count)
    return count


@shared_task
def tell_service_task(referral_id):
    return service_mail.tell_service(referral_id)


@shared_task
def route_waiting_task():
    count = notify.route_waiting()
    log.info("outreach: %s consultants told of waiting consultations", count)
    return count
