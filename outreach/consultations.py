"""Consultations: open, claim, hand over, close, delete now, and the retention purge.

A consultation is a private Topic of the desk's group (outreach/desk.py) with `support_member` set to the person,
so its messages travel the one pipeline, the one sanitizer and the one live path (``support-<topic id>``), and
every list, search and group channel already leaves it out. The gate is outreach/access.py. Steps are logged
without any text, and the people on the case hear of changes through the socket ("consultation.changed").
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import ngettext

from groups import live
from groups.models import Topic

from . import access, desk, notify
from .models import Consultation

log = logging.getLogger(__name__)


def retention_days():
    return getattr(settings, "OUTREACH_RETENTION_DAYS", 30)


def unused_hours():
    """A consultation in which the person never wrote is deleted after this many hours."""
    return getattr(settings, "OUTREACH_UNUSED_HOURS", 24)


def changed(consultation, what):
    """Tell the consultation's open sockets that its state changed (they reload what they show)."""
    payload = {"consultation": consultation.pk, "what": what}
    transaction.on_commit(lambda: live.support_event(consultation.topic_id, "consultation.changed", payload))


def open_for(person):
    """The person's consultation that is not closed yet, or None (one at a time: the desk answers it)."""
    return Consultation.objects.filter(person=person).exclude(state=Consultation.State.CLOSED).first()


def open_consultation(person, area, language, now=None):
    """A new consultation of `person` on `area` in `language` (or the one still open); the consultants on duty
    for it are told."""
    if (existing := open_for(person)) is not None:
        return existing
    now = now or timezone.now()
    with transaction.atomic():
        topic = Topic.objects.create(
            group=desk.desk_group(),
            title="",
            created_by=person,
            support_member=person,
            support_opened_by=person,
            created_at=now,
            last_activity_at=now,
        )
        consultation = Consultation.objects.create(
            topic=topic, person=person, area=area, language=language, created_at=now
        )
        notify.tell_on_duty(consultation)
    log.info("outreach: consultation opened")
    return consultation


def claim(user, consultation, now=None):
    """A consultant takes a waiting consultation; only one can (compare-and-set on the state)."""
    if not access.may_claim(user, consultation):
        raise Http404(access.NOT_FOUND)
    now = now or timezone.now()
    with transaction.atomic():
        taken = Consultation.objects.filter(pk=consultation.pk, state=Consultation.State.WAITING).update(
            state=Consultation.State.OPEN, consultant=user, claimed_at=now
        )
        if not taken:
            return False
        consultation.refresh_from_db()
        notify.forget_waiting(consultation, keep_user_id=user.pk)
        changed(consultation, "claimed")
    return True


def hand_over(user, consultation, other=None):
    """The consultant on the case hands it to `other`, or back to the desk's queue when `other` is None."""
    if access.role(user, consultation) != access.HELPER:
        raise Http404(access.NOT_FOUND)
    if other is not None and not access.may_hand_over_to(user, consultation, other):
        raise Http404(access.NOT_FOUND)
    with transaction.atomic():
        if other is None:
            consultation.state, consultation.consultant = Consultation.State.WAITING, None
            consultation.save(update_fields=["state", "consultant"])
            notify.tell_on_duty(consultation)
        else:
            consultation.consultant = other
            consultation.save(update_fields=["consultant"])
            notify._waiting_notice(consultation, [other.pk])
        changed(consultation, "handed_over")
    return consultation


def close(user, consultation, now=None):
    """The person or the consultant on the case closes it; it is kept for `retention_days()`, then deleted."""
    if access.role(user, consultation) is None:
        raise Http404(access.NOT_FOUND)
    if consultation.is_closed:
        return consultation
    consultation.state, consultation.closed_at = Consultation.State.CLOSED, now or timezone.now()
    with transaction.atomic():
        consultation.save(update_fields=["state", "closed_at"])
        # The topic ends too (a person has one open private topic per group); the desk's purge deletes it.
        Topic.objects.filter(pk=consultation.topic_id).update(support_ended_at=consultation.closed_at)
        changed(consultation, "closed")
    return consultation


def delete_now(user, consultation):
    """The person deletes the consultation at once: its messages, referrals and notifications go with it."""
    if access.role(user, consultation) != access.PERSON:
        raise Http404(access.NOT_FOUND)
    topic_id = consultation.topic_id
    with transaction.atomic():
        Topic.objects.filter(pk=topic_id).delete()
        transaction.on_commit(lambda: live.support_event(topic_id, "consultation.changed", {"what": "deleted"}))
    log.info("outreach: consultation deleted by its person")


def closed_sentence():
    days = retention_days()
    return ngettext(
        "This consultation is closed. It is kept for %(days)s day, then deleted. You can delete it now.",
        "This consultation is closed. It is kept for %(days)s days, then deleted. You can delete it now.",
        days,
    ) % {"days": days}


def purge(now=None):
    """Delete consultations closed more than `retention_days()` ago, and unused ones (the person never wrote)
    older than `unused_hours()`; their visitor accounts go with them. Returns how many consultations went."""
    now = now or timezone.now()
    closed = Consultation.objects.filter(
        state=Consultation.State.CLOSED, closed_at__lt=now - timedelta(days=retention_days())
    )
    unused = Consultation.objects.filter(created_at__lt=now - timedelta(hours=unused_hours())).exclude(
        topic__messages__author_id=F("person_id")
    )
    gone = set(closed.values_list("pk", flat=True)) | set(unused.values_list("pk", flat=True))
    return _delete(gone)


def _delete(consultation_ids):
    rows = Consultation.objects.filter(pk__in=consultation_ids)
    topic_ids = list(rows.values_list("topic_id", flat=True))
    visitor_ids = list(rows.filter(person__desk_visitor__isnull=False).values_list("person_id", flat=True))
    with transaction.atomic():
        Topic.objects.filter(pk__in=topic_ids).delete()
        orphaned = Consultation.objects.filter(person_id__in=visitor_ids).values("person_id")
        get_user_model().objects.filter(pk__in=visitor_ids).exclude(pk__in=orphaned).delete()
    return len(topic_ids)
