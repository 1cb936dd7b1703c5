"""Demo desk for `seed_demo`: Nurse Noor answers at the outreach desk (every topic, in Finnish, English and
Swedish; desk hours 8-22 every day on the rota), and a few services in Helsinki, Tampere and Turku, each
clearly marked as demo data (`is_demo`, and "(demo)" in the name). Only adds; idempotent.
"""

from datetime import time

from accounts.models import User
from moderation.duty.models import DutySlot

from .models import Area, Consultant, Service

NOOR = "professional@example.org"
DESK_HOURS = (time(8), time(22))

SERVICES = [
    {
        "name": "Helsinki needle exchange (demo)",
        "kind": Service.Kind.NEEDLES,
        "area": "Helsinki",
        "address": "Esimerkkikatu 1, 00100 Helsinki",
        "opening_hours": "Mon-Fri 10-18\nSat 12-16",
        "phone": "+358 9 0000 0001",
        "languages": ["fi", "en", "sv"],
        "anonymous": True,
        "free": True,
        "no_referral": True,
        "low_threshold": True,
        "referral_email": "intake@example.org",
        "description": "Clean needles and syringes, naloxone and a nurse to talk to.",
    },
    {
        "name": "Helsinki drug checking (demo)",
        "kind": Service.Kind.DRUG_CHECKING,
        "area": "Helsinki",
        "address": "Esimerkkikatu 3, 00100 Helsinki",
        "opening_hours": "Thu 16-20",
        "languages": ["fi", "en"],
        "anonymous": True,
        "free": True,
        "no_referral": True,
        "description": "Bring a small sample; results the same evening.",
    },
    {
        "name": "Tampere testing point (demo)",
        "kind": Service.Kind.TESTING,
        "area": "Tampere",
        "address": "Mallikatu 5, 33100 Tampere",
        "opening_hours": "Tue and Thu 12-17",
        "phone": "+358 3 0000 0002",
        "languages": ["fi", "en"],
        "anonymous": True,
        "free": True,
        "no_referral": True,
        "description": "Quick HIV and hepatitis C tests.",
    },
    {
        "name": "Tampere substitution clinic (demo)",
        "kind": Service.Kind.OST,
        "area": "Tampere",
        "address": "Mallikatu 7, 33100 Tampere",
        "opening_hours": "Mon-Fri 8-15",
        "languages": ["fi"],
        "free": True,
        "description": "Opioid substitution treatment; ask about the waiting time.",
    },
    {
        "name": "Turku night shelter (demo)",
        "kind": Service.Kind.SHELTER,
        "area": "Turku",
        "address": "Esimerkkitie 9, 20100 Turku",
        "opening_hours": "Every day 20-8",
        "phone": "+358 2 0000 0003",
        "languages": ["fi", "sv"],
        "free": True,
        "no_referral": True,
        "low_threshold": True,
        "description": "A bed for the night, no questions asked.",
    },
    {
        "name": "Turku family support (demo)",
        "kind": Service.Kind.FAMILY,
        "area": "Turku",
        "address": "Esimerkkitie 11, 20100 Turku",
        "opening_hours": "Wed 17-19 (group), phone Mon-Fri 9-15",
        "languages": ["fi", "sv", "en"],
        "anonymous": True,
        "free": True,
        "no_referral": True,
        "description": "For parents, partners and friends of people who use drugs.",
    },
]


def seed_outreach():
    noor = User.objects.filter(email=NOOR).first()
    if noor is not None:
        Consultant.objects.get_or_create(
            user=noor,
            defaults={
                "profession": Consultant.Profession.NURSE,
                "areas": list(Area.values),
                "languages": ["fi", "en", "sv"],
            },
        )
        start, end = DESK_HOURS
        for weekday in DutySlot.Weekday.values:
            DutySlot.objects.get_or_create(
                user=noor, group=None, desk=True, weekday=weekday, start_time=start, end_time=end
            )
    for spec in SERVICES:
        Service.objects.get_or_create(name=spec["name"], defaults={**spec, "is_demo": True})
