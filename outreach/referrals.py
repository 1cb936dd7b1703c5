"""Referrals the person consents to.

The consultant on the case proposes a service, optionally with a suggested summary. The person sees exactly what
would be shared (nothing by default), may change the summary, and accepts or declines. On acceptance they get a
referral card with a short code to show at the service; when the service has a contact address and the person
chose to share the summary, the service is told the code and that summary only (never a pseudonym, never any
message). Consent can be withdrawn. Every step is a ReferralEvent: a step and a time, never text.
"""

import secrets

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from accounts.tasks import enqueue

from . import access, consultations, tasks
from .models import Referral, ReferralEvent
from .service_mail import log_step

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


def _tell_service_later(referral):
    if referral.service.referral_email:
        transaction.on_commit(lambda: enqueue(tasks.tell_service_task, referral.pk))


def propose(user, consultation, service, summary=""):
    if access.role(user, consultation) != access.HELPER or consultation.is_closed:
        raise Http404(access.NOT_FOUND)
    with transaction.atomic():
        referral = Referral.objects.create(
            consultation=consultation, service=service, proposed_by=user, summary=summary
        )
        log_step(referral, ReferralEvent.Step.PROPOSED)
        consultations.changed(consultation, "referral")
    return referral


def access_referral(user, referral_id, need_person=True):
    """A referral of a consultation `user` may open (the person, or the consultant on the case), else Http404."""
    referral = Referral.objects.select_related("consultation", "service").filter(pk=referral_id).first()
    if referral is None:
        raise Http404(access.NOT_FOUND)
    who = access.role(user, referral.consultation)
    if who is None or (need_person and who != access.PERSON):
        raise Http404(access.NOT_FOUND)
    return referral


def decide(user, referral, accept, share_summary=False, summary=""):
    """The person accepts (with what they chose to share) or declines a proposed referral."""
    if access.role(user, referral.consultation) != access.PERSON:
        raise Http404(access.NOT_FOUND)
    if referral.state != Referral.State.PROPOSED:
        return referral
    now = timezone.now()
    with transaction.atomic():
        if accept:
            referral.state, referral.code = Referral.State.ACCEPTED, _code()
            referral.share_summary = bool(share_summary and summary)
            referral.summary = summary if referral.share_summary else ""
        else:
            referral.state, referral.summary, referral.share_summary = Referral.State.DECLINED, "", False
        referral.decided_at = now
        referral.save(update_fields=["state", "code", "share_summary", "summary", "decided_at"])
        step = ReferralEvent.Step.ACCEPTED if accept else ReferralEvent.Step.DECLINED
        log_step(referral, step, shared=referral.share_summary)
        if accept:
            _tell_service_later(referral)
        consultations.changed(referral.consultation, "referral")
    return referral


def withdraw(user, referral):
    """The person withdraws consent: the summary is deleted, the card no longer shows a code."""
    if access.role(user, referral.consultation) != access.PERSON:
        raise Http404(access.NOT_FOUND)
    if referral.state != Referral.State.ACCEPTED:
        return referral
    with transaction.atomic():
        referral.state, referral.summary, referral.share_summary = Referral.State.WITHDRAWN, "", False
        referral.save(update_fields=["state", "summary", "share_summary"])
        log_step(referral, ReferralEvent.Step.WITHDRAWN)
        if referral.service_told_at:
            _tell_service_later(referral)
        consultations.changed(referral.consultation, "referral")
    return referral
