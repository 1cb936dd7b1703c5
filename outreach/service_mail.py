"""Telling a service about a referral: only what the person consented to (outreach/referrals.py).

Runs in a task with the referral's id; each step is sent once (a compare-and-set on `service_told_at`, and the
log of steps), so a task that runs twice sends nothing twice.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Referral, ReferralEvent


def log_step(referral, step, shared=False):
    """One step for the desk's log: what and when, never any text."""
    ReferralEvent.objects.create(referral=referral, step=step, shared_summary=shared)


def tell_service(referral_id):
    """E-mail the service what the person consented to: the code, and the summary only if they chose to share
    it; after a withdrawal, that consent was withdrawn. Sent once per step (compare-and-set on the state)."""
    referral = Referral.objects.select_related("service").filter(pk=referral_id).first()
    if referral is None or not referral.service.referral_email:
        return False
    if referral.state == Referral.State.ACCEPTED:
        return _tell_accepted(referral)
    if referral.state == Referral.State.WITHDRAWN:
        return _tell_withdrawn(referral)
    return False


def _tell_accepted(referral):
    unsent = Referral.objects.filter(pk=referral.pk, service_told_at__isnull=True)
    if not unsent.update(service_told_at=timezone.now()):
        return False
    _send(referral, _accepted_body(referral))
    log_step(referral, ReferralEvent.Step.SERVICE_TOLD, shared=referral.share_summary)
    return True


def _tell_withdrawn(referral):
    if referral.events.filter(step=ReferralEvent.Step.SERVICE_TOLD, at__gt=_withdrawn_at(referral)).exists():
        return False
    body = _("The person who was referred to you with code %(code)s withdrew their consent.") % {"code": referral.code}
    _send(referral, body)
    log_step(referral, ReferralEvent.Step.SERVICE_TOLD)
    return True


def _withdrawn_at(referral):
    event = referral.events.filter(step=ReferralEvent.Step.WITHDRAWN).order_by("-at").first()
    return event.at if event else timezone.now()


def _accepted_body(referral):
    lines = [
        _("A person from the outreach desk may come to you. They will show this code: %(code)s")
        % {"code": referral.code}
    ]
    if referral.share_summary and referral.summary:
        lines += ["", _("They agreed to share this summary:"), referral.summary]
    return "\n".join(lines)


def _send(referral, body):
    EmailMessage(
        subject=_("A referral from the outreach desk"),
        body=body,
        from_email=settings.NOTIFICATION_FROM_EMAIL,
        to=[referral.service.referral_email],
    ).send()
