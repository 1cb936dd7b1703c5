"""Journey: care at 3 a.m. At 03:00 (the server's clock) a member writes of wanting to die in the chat; the
moderator on duty, in a second browser, hears of it live within 2 s, claims it, opens a private support
conversation; the member sees it live and answers; the moderator marks it handled with an outcome. The member
never reads "approved", and the moderation log holds every step."""

import re
from datetime import time

import pytest

from groups.models import Membership
from moderation.duty.models import DutySlot
from moderation.models import ModerationLog, QueueItem

from .helpers import check_page

pytestmark = [pytest.mark.browser, pytest.mark.server_clock("03:00")]
DISTRESS = "I can't go on, I want to die tonight"


def _count(page):
    text = page.locator("#notification-count").text_content() or "0"
    return int(text.strip() or 0)


def _wait_count_above(page, count, timeout=2000):
    page.wait_for_function(
        "n => Number(document.getElementById('notification-count').textContent) > n", arg=count, timeout=timeout
    )


def test_care_from_distress_in_the_chat_to_a_human_who_answers(browse, group, member, moderator):
    from django.utils import timezone

    # Only the moderator is on duty, and only around 03:00 tonight.
    tonight = timezone.localdate().weekday()
    DutySlot.objects.create(user=moderator, group=group, weekday=tonight, start_time=time(2, 0), end_time=time(4, 0))
    assert Membership.objects.filter(group=group, user=moderator, role="moderator").exists()

    helper = browse(moderator)
    helper.goto("/moderation/")
    helper.wait_for_function("() => document.getElementById('notification-bell') !== null")
    helper.wait_for_timeout(300)  # the bell's socket is open
    before = _count(helper)

    person = browse(member)
    person.goto(f"/groups/{group.slug}/chat/")
    person.locator("#chat-status", has_text=re.compile("^Live$")).wait_for()
    composer = person.get_by_label("Your message")
    composer.fill(DISTRESS)
    composer.press("Enter")
    person.locator("#chat-log li[data-id]", has_text="want to die tonight").wait_for()
    person.locator("#chat-crisis").wait_for(state="visible")

    _wait_count_above(helper, before)  # live, within 2 s

    item = QueueItem.objects.get(group=group, kind=QueueItem.Kind.URGENT, status=QueueItem.Status.OPEN)
    helper.goto(f"/moderation/{group.slug}/items/{item.pk}/")
    helper.get_by_role("button", name="Claim: I am working on this").click()
    helper.get_by_text("Claimed by Group Moderator").wait_for()
    check_page(helper, "care-urgent-item")
    member_count = _count(person)
    helper.get_by_role("button", name=re.compile("Talk privately with")).click()
    helper.locator("#chat-status", has_text=re.compile("^Live$")).wait_for()
    support_url = helper.url

    _wait_count_above(person, member_count)  # the member hears of it live
    person.goto("/account/notifications/")
    notice = person.locator("li.list-group-item", has_text="opened a private conversation with you")
    notice.get_by_role("button", name="Open").click()
    person.locator("#chat-status", has_text=re.compile("^Live$")).wait_for()
    assert person.url == support_url
    check_page(person, "care-support-member")

    helper.get_by_label("Your message").fill("I'm here with you. Are you safe right now?")
    helper.get_by_label("Your message").press("Enter")
    person.locator("#chat-log li[data-id]", has_text="Are you safe right now?").wait_for(timeout=2000)
    person.get_by_label("Your message").fill("I'm at home. Thank you for writing to me.")
    person.get_by_label("Your message").press("Enter")
    helper.locator("#chat-log li[data-id]", has_text="Thank you for writing to me").wait_for(timeout=2000)

    helper.goto(f"/moderation/{group.slug}/items/{item.pk}/")
    helper.get_by_label("Reached and supported").check()
    helper.get_by_label(re.compile("Private note")).fill("Talked until she felt calmer; shared the crisis line.")
    helper.get_by_role("button", name="Mark as handled").click()
    helper.get_by_text("Marked as handled").wait_for()
    item.refresh_from_db()
    assert item.status == "resolved" and item.outcome == "supported"

    for path in ("/account/notifications/", f"/groups/{group.slug}/chat/", support_url):
        person.goto(path)
        assert "approved" not in person.content().lower(), path
    steps = list(ModerationLog.objects.filter(group=group).order_by("id").values_list("action", flat=True))
    for step in ("claim", "support_opened", "crisis_handled"):
        assert step in steps, steps
    assert steps.index("claim") < steps.index("support_opened") < steps.index("crisis_handled")
