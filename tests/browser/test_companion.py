"""Journey: the recovery companion on a phone at 03:00 (the server's clock). A member writes a diary entry,
fills a SOWS check-in, sets a taper plan and an appointment; the reminder fires at its time as a content-free
notification; the progress chart shows the check-in; a milestone is shared to Recovery circle as a draft,
edited and sent through the chat. axe finds nothing serious on any companion page."""

import re
from datetime import timedelta

import pytest

from accounts.companion import demo, reminders
from accounts.companion.models import Appointment, DiaryEntry, SowsScore, TaperPlan
from accounts.notifications.models import Notification
from groups.addresses import code_for
from groups.models import Message

from .conftest import server_clock
from .helpers import check_page

pytestmark = [pytest.mark.browser, pytest.mark.server_clock("03:00")]
APPOINTMENT = "Clinic: talk about the next step"


def test_companion_from_diary_to_a_shared_milestone(request, browse, group, member):
    clock = server_clock(request)
    page = browse(member)

    page.goto("/account/companion/")
    page.get_by_role("heading", name="My companion").wait_for()
    check_page(page, "companion-home")

    # Diary
    page.goto("/account/companion/diary/")
    page.get_by_label("What would you like to write?").fill("Woke at 3. Made tea and **breathed**.")
    page.get_by_label("Mood (0–10)").select_option("4")
    page.get_by_label("Craving (0–10)").select_option("6")
    page.get_by_role("button", name="Save entry").click()
    page.get_by_text("Saved. Only you can read it.").wait_for()
    assert page.locator(".diary-body strong", has_text="breathed").count() == 1
    assert DiaryEntry.objects.get(owner=member).mood == 4
    check_page(page, "companion-diary")

    # SOWS check-in
    page.goto("/account/companion/sows/")
    check_page(page, "companion-sows")
    for index in range(16):
        page.locator(f"#id_item_{index}_{1 if index % 2 else 2}").check()
    page.get_by_role("button", name="See my total").click()
    page.locator("#sows-total", has_text="24 / 64").wait_for()
    page.get_by_text("This is not a diagnosis").wait_for()
    check_page(page, "companion-sows-result")

    # Taper plan
    page.goto("/account/companion/taper/")
    page.get_by_label("First day of the plan").fill(clock.date().isoformat())
    page.get_by_label(re.compile("Steps, one a line")).fill("10 mg 31\n5 mg 30")
    page.get_by_role("button", name="Save plan").click()
    page.locator("#taper-today", has_text="step 1, 10 mg").wait_for()
    assert page.locator("#taper-table tbody tr").count() == 2
    check_page(page, "companion-taper")
    page.get_by_role("button", name="Pause on this step").click()
    page.get_by_text("for as long as you need").wait_for()
    assert TaperPlan.objects.get(owner=member).paused_on == clock.date()

    # An appointment at 03:40, reminded 30 minutes before
    page.goto("/account/companion/reminders/")
    when = (clock + timedelta(minutes=40)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Date and time").fill(when)
    page.get_by_label(re.compile("What it is")).fill(APPOINTMENT)
    page.get_by_label("Remind me this many minutes before").fill("30")
    page.get_by_role("button", name="Add appointment").click()
    page.get_by_text(APPOINTMENT).wait_for()
    assert Appointment.objects.get(owner=member).title == APPOINTMENT
    check_page(page, "companion-reminders")

    # Beat runs every minute: nothing at 03:05, the reminder at 03:10, and never again.
    assert reminders.send_due(now=clock + timedelta(minutes=5)) == []
    assert len(reminders.send_due(now=clock + timedelta(minutes=10))) == 1
    assert reminders.send_due(now=clock + timedelta(minutes=11)) == []
    page.goto("/account/notifications/")
    notice = page.locator("li.list-group-item", has_text="You have a reminder")
    notice.wait_for()
    assert APPOINTMENT not in page.content() and "Clinic" not in page.content()
    assert Notification.objects.filter(user=member, kind="reminder").count() == 1
    notice.get_by_role("button", name="Open").click()
    page.get_by_role("heading", name="Appointments and reminders").wait_for()

    # The chart shows the check-in, with the table beside it
    page.goto("/account/companion/progress/")
    assert page.locator("#sows-chart svg circle").count() == SowsScore.objects.filter(owner=member).count() == 1
    assert page.locator("#sows-table tbody td", has_text="24").count() == 1
    check_page(page, "companion-progress")

    # Information pages (the demo text is marked as demo)
    demo.seed_companion()
    page.goto("/account/companion/info/")
    page.get_by_role("link", name="Tapering off substitution treatment (demo text)").click()
    page.get_by_text("Demo text: an example, not advice.").wait_for()
    check_page(page, "companion-info")

    # A milestone, shared to Recovery circle as a draft, edited, sent
    page.goto("/account/companion/milestones/")
    page.get_by_label(re.compile("What you count")).fill("without using")
    page.get_by_label("Since").fill((clock.date() - timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Start counting").click()
    page.get_by_text("30 days without using").wait_for()
    check_page(page, "companion-milestones")
    page.get_by_role("link", name="Share with my group…").click()
    composer = page.get_by_label(re.compile("Your message"))
    assert composer.input_value() == "30 days without using."
    assert not Message.objects.exists()  # a draft: nothing is posted before the member sends it
    check_page(page, "companion-share")
    page.get_by_label("Which group?").select_option(label="Recovery circle")
    composer.fill("30 days without using. Thank you for the nights you kept me company.")
    page.get_by_role("button", name="Send to the group's chat").click()
    page.wait_for_url(re.compile(rf"/groups/{code_for(group.slug)}/chat/"))
    page.locator("#chat-log li[data-id]", has_text="Thank you for the nights you kept me company").wait_for()
    message = Message.objects.get()
    assert (message.author, message.group, message.topic.is_chat) == (member, group, True)
