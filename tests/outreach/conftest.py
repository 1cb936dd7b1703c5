"""The desk's cast: two consultants (Noor on duty for health in Finnish and English, Ville off the case), a member
who opens a consultation, and the helpers who must never read it."""

from datetime import time

import pytest
from django.utils import timezone

from moderation.duty.models import DutySlot
from outreach import consultations
from outreach.models import Area, Consultant, Service
from tests.factories import UserFactory


def make_consultant(name, email, areas=(Area.HEALTH,), languages=("fi", "en"), on_duty=True):
    user = UserFactory(display_name=name, email=email, is_professional=True)
    Consultant.objects.create(
        user=user, profession=Consultant.Profession.NURSE, areas=list(areas), languages=list(languages)
    )
    if on_duty:
        today = timezone.localtime().weekday()
        for weekday in (today, (today + 1) % 7, (today - 1) % 7):
            DutySlot.objects.create(user=user, weekday=weekday, start_time=time(0), end_time=time(0), desk=True)
    return user


@pytest.fixture
def consultant(db):
    return make_consultant("Nurse Noor", "noor@example.net")


@pytest.fixture
def other_consultant(db):
    return make_consultant("Doctor Ville", "ville@example.net")


@pytest.fixture
def consultation(member, consultant):
    return consultations.open_consultation(member, Area.HEALTH, "en")


@pytest.fixture
def claimed(consultation, consultant):
    consultations.claim(consultant, consultation)
    consultation.refresh_from_db()
    return consultation


@pytest.fixture
def service(db):
    return Service.objects.create(
        name="Needle exchange Helsinki",
        kind=Service.Kind.NEEDLES,
        area="Helsinki",
        address="Example street 1",
        opening_hours="Mon-Fri 10-16",
        phone="+358 9 000 0000",
        languages=["fi", "en"],
        anonymous=True,
        free=True,
        referral_email="intake@service.example",
    )
