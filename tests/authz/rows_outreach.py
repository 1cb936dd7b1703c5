"""Rows for the outreach desk (outreach/urls.py).

`professional` is the consultant on world.member's consultation; `other_consultant` is a consultant off the case.
A consultation's pages answer its person and that consultant only: everyone else, moderators, staff and the other
consultant included, gets 404. The desk's queue is for consultants (403 for others: the desk is no secret); the
counts are staff's; the service directory is public.
"""

from datetime import time, timedelta

from django.utils import timezone

from moderation.duty.models import DutyShift, DutySlot
from outreach import consultations, referrals
from outreach.models import Consultant, Service
from tests.authz.matrix import FORBIDDEN, LOGIN, NOT_ALLOWED, NOT_FOUND, OK, REDIRECT, Row, expect
from tests.factories import with_totp


def _consultant(user):
    Consultant.objects.create(user=user, profession=Consultant.Profession.NURSE, areas=["health"], languages=["en"])
    with_totp(user)


def setup(world):
    _consultant(world.professional)
    _consultant(world.other_consultant)
    world.desk_slot = DutySlot.objects.create(
        user=world.professional, weekday=timezone.localtime().weekday(), start_time=time(0), end_time=time(0), desk=True
    )
    world.desk_shift = DutyShift.objects.create(
        user=world.professional,
        starts_at=timezone.now() + timedelta(days=1),
        ends_at=timezone.now() + timedelta(days=1, hours=4),
        desk=True,
    )
    world.service = Service.objects.create(name="Needle exchange", kind="needles", area="Helsinki")
    world.closed = consultations.open_consultation(world.member, "health", "en")
    consultations.claim(world.professional, world.closed)
    consultations.close(world.member, world.closed)
    world.consultation = consultations.open_consultation(world.member, "health", "en")
    consultations.claim(world.professional, world.consultation)
    world.waiting = consultations.open_consultation(world.outsider, "health", "en")
    world.proposed = referrals.propose(world.professional, world.consultation, world.service)
    world.accepted = referrals.propose(world.professional, world.consultation, world.service)
    referrals.decide(world.member, world.accepted, True)


def _c(w):
    return {"consultation_id": w.consultation.pk}


OFF_CASE = {"other_consultant": NOT_FOUND, "moderator_no_totp": NOT_FOUND}  # not as the professional or member
PRIVATE = expect(NOT_FOUND, anonymous=LOGIN, member=OK, professional=OK, **OFF_CASE)
PRIVATE_POST = {actor: (REDIRECT if code == OK else code) for actor, code in PRIVATE.items()}
PERSON_ONLY = expect(NOT_FOUND, anonymous=LOGIN, member=REDIRECT, **OFF_CASE)
HELPER_ONLY = expect(NOT_FOUND, anonymous=LOGIN, professional=REDIRECT, **OFF_CASE)
NOT_ALLOWED_SIGNED_IN = expect(NOT_ALLOWED, anonymous=LOGIN)
PUBLIC = expect(OK)
CONSULTANTS = expect(FORBIDDEN, anonymous=LOGIN, professional=OK, other_consultant=OK)
STAFF = expect(FORBIDDEN, anonymous=LOGIN, staff=OK)
SERVICE_DATA = {"name": "Drug checking Turku", "kind": "drug_checking", "area": "Turku", "published": "on"}

ROWS = [
    Row("outreach:start", PUBLIC),
    Row(
        "outreach:start",
        expect(REDIRECT),
        method="POST",
        data=lambda w: {"area": "health", "language": "en", "pseudonym": "Night Owl"},
    ),
    Row("outreach:recover", PUBLIC),
    Row("outreach:recover", expect(400), method="POST", data=lambda w: {"code": "AAAA-BBBB-CCCC-DDDD"}),
    Row("outreach:mine", expect(OK, anonymous=LOGIN)),
    Row("outreach:goodbye", PUBLIC),
    Row("outreach:consultation", PRIVATE, _c),
    Row("outreach:consultation", PRIVATE_POST, _c, method="POST", data=lambda w: {"text": "Thank you."}),
    Row("outreach:consultation-history", PRIVATE, _c),
    Row("outreach:consultation-history", NOT_ALLOWED_SIGNED_IN, _c, method="POST", note="read only"),
    Row("outreach:consultation-close", NOT_ALLOWED_SIGNED_IN, _c, note="POST only"),
    Row("outreach:consultation-close", PRIVATE_POST, _c, method="POST"),
    Row("outreach:consultation-delete", NOT_ALLOWED_SIGNED_IN, _c, note="POST only"),
    Row("outreach:consultation-delete", PERSON_ONLY, _c, method="POST"),
    Row("outreach:consultation-handover", HELPER_ONLY, _c, method="POST", data=lambda w: {"to": ""}),
    Row("outreach:consultation-handover", NOT_ALLOWED_SIGNED_IN, _c, note="POST only"),
    Row(
        "outreach:consultation-claim",
        expect(FORBIDDEN, anonymous=LOGIN, professional=REDIRECT, other_consultant=REDIRECT),
        lambda w: {"consultation_id": w.waiting.pk},
        method="POST",
    ),
    Row(
        "outreach:consultation-claim",
        expect(FORBIDDEN, anonymous=LOGIN, professional=NOT_FOUND, other_consultant=NOT_FOUND),
        _c,
        method="POST",
        note="already claimed",
    ),
    Row("outreach:consultation-claim", NOT_ALLOWED_SIGNED_IN, _c, note="POST only"),
    Row("outreach:referral-propose", HELPER_ONLY, _c, method="POST", data=lambda w: {"service": w.service.pk}),
    Row("outreach:referral-propose", NOT_ALLOWED_SIGNED_IN, _c, note="POST only"),
    Row(
        "outreach:consultation-feedback",
        PERSON_ONLY,
        lambda w: {"consultation_id": w.closed.pk},
        method="POST",
        data=lambda w: {"helpful": "yes", "again": "maybe"},
    ),
    Row("outreach:consultation-feedback", NOT_ALLOWED_SIGNED_IN, _c, note="POST only"),
    Row(
        "outreach:referral-decide",
        PERSON_ONLY,
        lambda w: {"referral_id": w.proposed.pk},
        method="POST",
        data=lambda w: {"decision": "decline"},
    ),
    Row("outreach:referral-decide", NOT_ALLOWED_SIGNED_IN, lambda w: {"referral_id": w.proposed.pk}, note="POST"),
    Row("outreach:referral-withdraw", PERSON_ONLY, lambda w: {"referral_id": w.accepted.pk}, method="POST"),
    Row("outreach:referral-withdraw", NOT_ALLOWED_SIGNED_IN, lambda w: {"referral_id": w.accepted.pk}, note="POST"),
    Row(
        "outreach:referral-card",
        expect(NOT_FOUND, anonymous=LOGIN, member=OK, **OFF_CASE),
        lambda w: {"referral_id": w.accepted.pk},
    ),
    Row("outreach:desk", CONSULTANTS),
    Row("outreach:hours", CONSULTANTS),
    Row(
        "outreach:hours-add",
        expect(FORBIDDEN, anonymous=LOGIN, professional=REDIRECT, other_consultant=REDIRECT),
        method="POST",
        data=lambda w: {"weekday": 2, "start_time": "09:00", "end_time": "17:00"},
    ),
    Row(
        "outreach:shift-add",
        expect(FORBIDDEN, anonymous=LOGIN, professional=REDIRECT, other_consultant=REDIRECT),
        method="POST",
        data=lambda w: {"starts_at": "2030-01-01T18:00", "ends_at": "2030-01-01T22:00"},
    ),
    Row(
        "outreach:shift-delete",
        expect(FORBIDDEN, anonymous=LOGIN, professional=REDIRECT, other_consultant=NOT_FOUND),
        lambda w: {"shift_id": w.desk_shift.pk},
        method="POST",
    ),
    Row(
        "outreach:hours-delete",
        expect(FORBIDDEN, anonymous=LOGIN, professional=REDIRECT, other_consultant=NOT_FOUND),
        lambda w: {"slot_id": w.desk_slot.pk},
        method="POST",
    ),
    Row("outreach:stats", STAFF),
    Row("outreach:services", PUBLIC),
    Row("outreach:services", expect(NOT_ALLOWED), method="POST", note="read only"),
    Row("outreach:service", PUBLIC, lambda w: {"service_id": w.service.pk}),
    Row("outreach:services-manage", STAFF),
    Row("outreach:service-new", STAFF),
    Row(
        "outreach:service-new",
        expect(FORBIDDEN, anonymous=LOGIN, staff=REDIRECT),
        method="POST",
        data=lambda w: SERVICE_DATA,
    ),
    Row("outreach:service-edit", STAFF, lambda w: {"service_id": w.service.pk}),
]
