"""Journeys 2 and 3: live chat between two members across a dropped connection, and a
newcomer's first message held for a moderator, then shown live to the others."""

import re

import pytest

from groups.models import Message

from .helpers import check_page, sign_in_by_keyboard, tab_to, use_skip_link

pytestmark = pytest.mark.browser


def open_chat(page, group):
    page.goto(f"/groups/{group.slug}/chat/")
    page.locator("#chat-status", has_text=re.compile("^Live$")).wait_for()


def send_by_keyboard(page, text):
    """Tab to the composer, type, Enter: the way a keyboard or switch user sends."""
    composer = page.get_by_label("Your message")
    if not composer.evaluate("el => el === document.activeElement"):
        tab_to(page, composer)
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    page.locator("#chat-log li[data-id]", has_text=text).wait_for()
    assert composer.input_value() == ""


def log_texts(page):
    return page.locator("#chat-log li[data-id] .chat-body").all_inner_texts()


class Connection:
    """The page's chat sockets, routed through Playwright so a test can cut them.

    context.set_offline() does not touch WebSockets in Chromium, so going offline also closes
    the open chat socket and refuses new ones until the test is back online.
    """

    def __init__(self, page, path=r"/ws/groups/"):
        self.page, self.offline, self.sockets = page, False, []
        page.route_web_socket(re.compile(path), self._route)

    def _route(self, ws):
        if self.offline:
            ws.close(code=1001, reason="offline")
            return
        ws.connect_to_server()
        self.sockets.append(ws)

    def set_offline(self, offline):
        self.offline = offline
        self.page.context.set_offline(offline)
        if offline:
            for ws in self.sockets:
                ws.close(code=1001, reason="offline")
            self.sockets.clear()


def test_chat_member_offline_sees_every_missed_message_once_when_back(browse, group, member, other_member, password):
    quiet = browse()
    connection = Connection(quiet)
    sign_in_by_keyboard(quiet, member.email, password)
    open_chat(quiet, group)
    other = browse(other_member)
    open_chat(other, group)
    assert quiet.locator("#chat-log").get_attribute("aria-live") == "polite"
    assert other.get_by_label("Your message").is_visible()

    use_skip_link(quiet)
    send_by_keyboard(quiet, "Evening everyone, rough day here.")
    other.locator("#chat-log li", has_text="rough day here").wait_for()
    check_page(quiet, "chat-member")

    connection.set_offline(True)
    quiet.locator("#chat-status", has_text="You are offline").wait_for()
    missed = ["Sorry to hear that.", "Do you want to talk about it?", "We are here tonight."]
    for text in missed:
        send_by_keyboard(other, text)
    assert not [t for t in log_texts(quiet) if t in missed]

    connection.set_offline(False)
    quiet.locator("#chat-status", has_text=re.compile("^Live$")).wait_for(timeout=40_000)
    quiet.locator("#chat-log li", has_text=missed[-1]).wait_for()
    texts = log_texts(quiet)
    assert [texts.count(text) for text in missed] == [1, 1, 1]
    assert texts[-3:] == missed
    check_page(other, "chat-other")


def test_chat_first_message_held_then_approved_appears_live_for_others(
    browse, group, member, other_member, moderator, password
):
    group.premoderation_count = 1
    group.save(update_fields=["premoderation_count"])
    newcomer = browse()
    sign_in_by_keyboard(newcomer, member.email, password)
    open_chat(newcomer, group)
    other = browse(other_member)
    open_chat(other, group)

    text = "Hello, I am new here and a bit nervous."
    send_by_keyboard(newcomer, text)
    own = newcomer.locator("#chat-log li", has_text=text)
    assert own.locator(".chat-status-badge").inner_text() == "Waiting for a moderator"
    check_page(newcomer, "chat-held")
    assert Message.objects.get(body_source=text).status == Message.Status.HELD
    assert other.locator("#chat-log li", has_text=text).count() == 0

    mod = browse(moderator)
    mod.goto(f"/moderation/{group.slug}/")
    mod.get_by_role("link", name=re.compile("I am new here")).click()
    check_page(mod, "moderation-item")
    mod.get_by_label("Approve: show it to the group").check()
    mod.get_by_role("button", name="Decide").click()

    other.locator("#chat-log li", has_text=text).wait_for()
    assert other.locator("#chat-log li", has_text=text).count() == 1
    newcomer.locator("#chat-log li", has_text=text).locator(".chat-status-badge").wait_for(state="detached")
