"""The desk's gate: who may open, read, answer, claim, hand over and close a consultation.

Built on groups/access.py (its staff and two-factor helpers, and its support door: a consultation is a private
topic, and `groups.access.support_role` asks `DeskDoor` below for the desk's topics). Every outreach view,
consumer and task asks this module.

- A consultation is private to its person and the consultant on the case. Everyone else, moderators, staff and
  the other consultants included, gets the 404 of something that does not exist (staff see counts only).
- A consultant is an active professional account with a Consultant row, and with two-factor sign-in in place
  while it is required (settings.MFA_REQUIRED_FOR_MODERATORS), as for moderators.
- A visitor at the desk (an account made for one consultation, outreach/visitors.py) reaches nothing else.
"""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from groups import access as group_access

from .models import Consultant, Consultation

NOT_FOUND = "No consultation here."
PERSON, HELPER = "member", "helper"  # the roles groups.access knows for a private topic


def is_visitor(user):
    return user.is_authenticated and hasattr(user, "desk_visitor")


def _second_factor_missing(user):
    if not settings.MFA_REQUIRED_FOR_MODERATORS:
        return False
    return not Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def acting_consultant(user):
    """The Consultant row of `user` when they may work at the desk now, else None."""
    if not user.is_authenticated or not user.is_active or not user.is_professional:
        return None
    consultant = Consultant.objects.filter(user_id=user.pk, active=True).first()
    if consultant is None or _second_factor_missing(user):
        return None
    return consultant


def check_consultant(user):
    """The desk's own pages (its queue): consultants only; others are told why (403, the desk is no secret)."""
    listed = user.is_authenticated and user.is_professional and Consultant.objects.filter(user_id=user.pk).exists()
    if listed and _second_factor_missing(user):
        raise PermissionDenied(group_access.second_factor_refusal())
    consultant = acting_consultant(user)
    if consultant is None:
        raise PermissionDenied(
            _("The desk's queue is for its consultants. To talk to one yourself, open a consultation.")
        )
    return consultant


def role(user, consultation):
    """PERSON, HELPER or None: how `user` stands in `consultation`."""
    if not user.is_authenticated or not user.is_active:
        return None
    if consultation.person_id == user.pk:
        return PERSON
    if consultation.consultant_id == user.pk and acting_consultant(user) is not None:
        return HELPER
    return None


def access_consultation(user, consultation_id):
    """(the consultation, its role for `user`), or Http404 for everyone else."""
    found = Consultation.objects.select_related("topic__group", "person", "consultant").filter(pk=consultation_id)
    consultation = found.first() if isinstance(consultation_id, int) else None
    who = role(user, consultation) if consultation is not None else None
    if who is None:
        raise Http404(NOT_FOUND)
    return consultation, who


def may_claim(user, consultation):
    """A waiting consultation may be claimed by a consultant who answers its topic in its language."""
    consultant = acting_consultant(user)
    if consultant is None or consultation.state != Consultation.State.WAITING:
        return False
    return consultant.answers(consultation.area, consultation.language) and consultation.person_id != user.pk


def waiting_for(user):
    """Waiting consultations `user` may claim (the desk's queue): topic, language and time only."""
    consultant = acting_consultant(user)
    if consultant is None:
        return Consultation.objects.none()
    return Consultation.objects.filter(
        state=Consultation.State.WAITING, area__in=consultant.areas, language__in=consultant.languages
    ).exclude(person_id=user.pk)


def my_cases(user):
    if acting_consultant(user) is None:
        return Consultation.objects.none()
    return Consultation.objects.filter(consultant_id=user.pk).exclude(state=Consultation.State.CLOSED)


def post_refusal(user, consultation):
    """None when `user` may write in the consultation now, else the sentence to show."""
    if role(user, consultation) is None:
        raise Http404(NOT_FOUND)
    if consultation.is_closed:
        return _("This consultation is closed. You can open a new one at any time.")
    return None


def may_hand_over_to(user, consultation, other):
    """The consultant on the case may hand it to another consultant who answers its topic in its language."""
    if role(user, consultation) != HELPER or other.pk == user.pk:
        return False
    consultant = acting_consultant(other)
    return consultant is not None and consultant.answers(consultation.area, consultation.language)


class DeskDoor:
    """What groups/access.py asks about the desk's private topics (registered in OutreachConfig.ready)."""

    @staticmethod
    def _consultation(topic):
        return Consultation.objects.select_related("consultant").filter(topic_id=topic.pk).first()

    def role(self, user, topic):
        consultation = self._consultation(topic)
        return role(user, consultation) if consultation is not None else None

    def post_refusal(self, user, topic):
        consultation = self._consultation(topic)
        if consultation is None:
            raise Http404(NOT_FOUND)
        return post_refusal(user, consultation)

    def helpers(self, topic):
        """Who hears of the person's words: the consultant on the case (nobody while it waits: the consultants
        on duty were told it waits, outreach/notify.py)."""
        consultation = self._consultation(topic)
        if consultation is None or consultation.consultant is None or consultation.is_closed:
            return []
        return [consultation.consultant] if role(consultation.consultant, consultation) == HELPER else []
