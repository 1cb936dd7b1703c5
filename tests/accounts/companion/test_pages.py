"""Every companion page opens for its owner, on a phone-sized page with no script of its own."""

import pytest
from django.urls import reverse

from accounts.companion.models import SowsScore, TaperPlan, TaperStep

PAGES = [
    "companion-home",
    "companion-diary",
    "companion-checkin",
    "companion-sows",
    "companion-taper",
    "companion-reminders",
    "companion-progress",
    "companion-milestones",
    "companion-info",
]


@pytest.mark.parametrize("name", PAGES)
def test_owner_opens_every_page(login, member, entry, milestone, name):
    plan = TaperPlan.objects.create(owner=member, start_date=entry.day)
    TaperStep.objects.create(plan=plan, order=0, dose=10, unit="mg", days=31)
    SowsScore.objects.create(owner=member, answers=[1] * 16, total=16)
    response = login(member).get(reverse(f"accounts:{name}"))
    assert response.status_code == 200
    assert b"Your companion is yours alone" in response.content


def test_the_navigation_leads_members_to_their_companion(login, member):
    response = login(member).get(reverse("home"))
    assert reverse("accounts:companion-home").encode() in response.content
