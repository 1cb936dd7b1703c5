"""Who at the desk hears of what. Every notification is the CONSULTATION kind, whose sentence never says what
a consultation is about, nor who wrote (accounts/notifications/inbox.py `describe`): a lock screen must not out anyone.

- A new consultation: the consultants on desk duty for its topic and language (outreach/rota.py).
- A message: the other side (the person, or the consultant on the case), through the support path of
  accounts/notifications/fanout.py, which asks the desk's door (`DeskDoor.helpers`) and uses the desk's own kind.
"""

from accounts.notifications.create import announce_on_commit
from accounts.notifications.models import Notification

from . import rota
from .models import Consultation

Kind = Notification.Kind


def _waiting_notice(consultation, user_ids):
    created = []
    for user_id in user_ids:
        notice, made = Notification.objects.get_or_create(
            user_id=user_id,
            kind=Kind.CONSULTATION,
            topic_id=consultation.topic_id,
            message=None,
            defaults={"group_id": consultation.topic.group_id},
        )
        if made:
            created.append(announce_on_commit(notice))
    return created


def tell_on_duty(consultation):
    """A consultation waits: the consultants on duty who answer it hear of it (never what it is about)."""
    people = rota.consultants_on_duty(consultation.area, consultation.language)
    return _waiting_notice(consultation, [u.pk for u in people if u.pk != consultation.person_id])


def forget_waiting(consultation, keep_user_id=None):
    """Once claimed, the other consultants' "someone is waiting" notices go."""
    stale = Notification.objects.filter(kind=Kind.CONSULTATION, topic_id=consultation.topic_id, message=None)
    stale.exclude(user_id=keep_user_id).exclude(user_id=consultation.person_id).delete()


def route_waiting():
    """Every few minutes (beat): consultations still waiting reach whoever has come on desk duty since they
    were opened (each person is told once per consultation). Returns how many new notices went out."""
    waiting = Consultation.objects.filter(state=Consultation.State.WAITING).select_related("topic")
    return sum(len(tell_on_duty(consultation)) for consultation in waiting[:500])
