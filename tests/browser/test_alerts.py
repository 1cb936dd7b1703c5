"""Journey 5: a staff alert appears live in the targeted group and not in another."""

import re

import pytest

from .helpers import check_page, sign_in_by_keyboard

pytestmark = pytest.mark.browser


def _open_chat(page, group):
    page.goto(f"/groups/{group.slug}/chat/")
    page.locator("#chat-status", has_text=re.compile("^Live$")).wait_for()


def test_alerts_staff_alert_appears_live_in_the_targeted_group_only(
    browse, group, other_group, member, other_group_member, staff, password
):
    reader = browse()
    sign_in_by_keyboard(reader, member.email, password)
    _open_chat(reader, group)
    elsewhere = browse(other_group_member)
    _open_chat(elsewhere, other_group)

    desk = browse(staff)
    desk.goto("/moderation/alerts/new/")
    check_page(desk, "alert-form")
    desk.get_by_label("Title").fill("Strong fentanyl in pills sold as oxycodone")
    desk.locator("textarea[name=body_source]").fill("Test a small amount first and **never use alone**.")
    desk.get_by_label(group.name).check()
    desk.get_by_role("button", name="Publish the alert").click()
    desk.wait_for_url(lambda url: not url.endswith("/alerts/new/"))

    card = reader.locator("#pinned-alerts", has_text="Strong fentanyl in pills")
    card.wait_for()
    check_page(reader, "chat-alert")
    elsewhere.wait_for_timeout(500)  # a stray event would have arrived with the other one
    assert elsewhere.get_by_text("Strong fentanyl in pills").count() == 0
    elsewhere.reload()
    assert elsewhere.get_by_text("Strong fentanyl in pills").count() == 0
