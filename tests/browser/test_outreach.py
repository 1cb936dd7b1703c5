"""Journey: the outreach desk on a phone (390x844). A visitor without an account opens a consultation with a
pseudonym and keeps the one-time recovery code; the consultant on desk duty, in a second browser, takes it and
answers live; proposes a referral; the visitor sees exactly what would be shared (nothing by default), accepts
and gets the referral card; the consultation closes, and after its retention (the clock moved on) it is gone."""

import re
from datetime import time, timedelta

import pytest
import time_machine
from django.utils import timezone

from moderation.duty.models import DutySlot
from outreach import tasks
from outreach.models import Consultant, Consultation, Referral, Service
from tests.factories import UserFactory

from .helpers import check_page

pytestmark = [pytest.mark.browser, pytest.mark.server_clock("14:00")]


@pytest.fixture
def noor(db):
    user = UserFactory(display_name="Nurse Noor", email="noor@example.net", is_professional=True)
    Consultant.objects.create(user=user, profession="nurse", areas=["health", "testing"], languages=["en", "fi"])
    weekday = timezone.localdate().weekday()
    DutySlot.objects.create(user=user, weekday=weekday, start_time=time(8), end_time=time(22), desk=True)
    return user


@pytest.fixture
def exchange(db):
    return Service.objects.create(
        name="Helsinki needle exchange",
        kind="needles",
        area="Helsinki",
        address="Esimerkkikatu 1",
        opening_hours="Mon-Fri 10-18",
        languages=["fi", "en"],
        anonymous=True,
        free=True,
        referral_email="intake@service.example",
    )


def _live(page):
    page.locator("#chat-status", has_text=re.compile("^Live$")).wait_for()


@pytest.mark.parametrize("viewport", ["phone"])
def test_a_visitor_consults_the_desk_is_referred_with_consent_and_the_consultation_goes(
    browse, server, viewport, noor, exchange
):
    visitor = browse()
    visitor.goto("/help/")
    visitor.get_by_role("link", name="Talk to a consultant").first.click()
    visitor.get_by_label("Health and injecting").check()
    visitor.get_by_label("Language of the consultation").select_option("en")
    visitor.get_by_label("A pseudonym").fill("Night Owl")
    visitor.get_by_role("button", name="Open a consultation").click()
    code = visitor.locator("#recovery-code-value").text_content()
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", code)
    _live(visitor)
    check_page(visitor, "outreach-visitor")
    visitor.get_by_label("Your message").fill("Is it safe to reuse a cotton filter?")
    visitor.get_by_label("Your message").press("Enter")
    visitor.locator("#chat-log li[data-id]", has_text="cotton filter").wait_for()

    consultant = browse(noor)
    consultant.goto("/desk/desk/")
    consultant.locator("#waiting").get_by_role("button", name="Take it").click()
    _live(consultant)
    consultant.locator("#chat-log li[data-id]", has_text="cotton filter").wait_for()
    consultant.get_by_label("Your message").fill("Better not: filters gather bacteria. Fresh ones are free.")
    consultant.get_by_label("Your message").press("Enter")
    visitor.locator("#chat-log li[data-id]", has_text="Fresh ones are free").wait_for(timeout=2000)  # live

    consultant.locator("#id_service").select_option(label="Helsinki needle exchange")
    consultant.locator("#id_summary").fill("Asked about filters; would like a clean kit.")
    consultant.get_by_role("button", name="Propose").click()
    consultant.get_by_text("Proposed. The person sees what would be shared").wait_for()

    offer = visitor.locator("article.referral", has_text="Helsinki needle exchange")
    offer.wait_for(timeout=5000)  # the page reloads itself when the desk says something changed
    offer.get_by_text("nothing, unless you tick the box below.").wait_for()
    assert not offer.get_by_label("Share this summary with the service").is_checked()
    offer.get_by_label(re.compile("A short summary you may share")).fill("I would like a clean kit.")
    offer.get_by_label("Share this summary with the service").check()
    offer.get_by_role("button", name="Accept and get the referral card").click()
    card = visitor.locator("#referral-card")
    card.wait_for()
    referral = Referral.objects.get()
    assert referral.state == "accepted" and referral.summary == "I would like a clean kit."
    assert visitor.locator("#referral-code").text_content() == referral.code
    card.get_by_text("Mon-Fri 10-18").wait_for()
    check_page(visitor, "outreach-card")
    mails = server.mails()
    assert any(referral.code in m and "I would like a clean kit." in m for m in mails)
    assert not any("Night Owl" in m or "cotton" in m for m in mails)

    visitor.get_by_role("link", name="Back to the consultation").click()
    visitor.get_by_role("button", name="Close this consultation").click()
    visitor.locator("#consultation-closed").wait_for()
    consultation = Consultation.objects.get()
    assert consultation.state == "closed"

    # Once purged, a page still open on the consultation may try its socket again and be refused (403): expected.
    for page in (visitor, consultant):
        page.allowed_errors.append("/ws/outreach/")
    with time_machine.travel(consultation.closed_at + timedelta(days=31), tick=False):
        assert tasks.purge_consultations_task.delay().get() == 1
    assert not Consultation.objects.exists() and not Referral.objects.exists()
    visitor.reload()
    assert "cotton filter" not in visitor.content()
