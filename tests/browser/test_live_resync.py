"""The browser client (static/js/live.js) on a `resync` frame and on the close codes that stop it.

A server whose channel layer came back after an outage sends `resync`: the chat page resumes on the same socket
(no reconnect) and shows what it missed once, even though a newer message had arrived live meanwhile. A page that
was signed out says so, in other words than a page whose account was deleted (tests/browser/test_account.py)."""

import json
import re

import pytest

from .helpers import sign_out
from .test_live import Wire, _new_frame, _post

pytestmark = pytest.mark.browser


def test_live_chat_resyncs_on_the_same_socket_and_shows_what_it_missed_once(browse, group, member, other_member):
    chat = group.chat_topic()
    before = _post(chat, other_member, "Anyone awake?")
    page = browse(member)
    wire = Wire(page)
    page.goto(f"/groups/{group.slug}/chat/")
    page.locator("#chat-status", has_text=re.compile("^Live$")).wait_for()
    page.wait_for_timeout(300)  # the first resume has been answered

    missed = [_post(chat, other_member, text) for text in ("I am, can't sleep.", "Same here.")]  # lost live
    newest = _post(chat, other_member, "Back online?")
    wire.open[0].send(json.dumps(_new_frame(newest)))  # the first event after the layer came back
    page.locator("#chat-log li", has_text="Back online?").wait_for()
    resumes = sum(1 for frame in wire.sent if frame["type"] == "resume")
    wire.open[0].send(json.dumps({"type": "resync", "after": before.pk}))

    page.locator("#chat-log li", has_text="Same here.").wait_for(timeout=5_000)
    page.wait_for_timeout(300)
    texts = page.locator("#chat-log li[data-id] .chat-body").all_inner_texts()
    assert texts == ["Anyone awake?", "I am, can't sleep.", "Same here.", "Back online?"]
    asked = [frame for frame in wire.sent if frame["type"] == "resume"][resumes:]
    assert [frame["after"] for frame in asked] == [before.pk]  # from the server's point, not the page's newest
    assert len(wire.open) == 1 and missed  # the same socket all along


def test_live_chat_tells_a_signed_out_page_apart_from_a_deleted_account(browse, group, member):
    page = browse(member)
    page.goto(f"/groups/{group.slug}/chat/")
    page.locator("#chat-status", has_text=re.compile("^Live$")).wait_for()
    laptop = browse(member)  # signing out on another device ends this page's socket too (4401)
    sign_out(laptop)

    page.locator("#chat-status", has_text="You were signed out").wait_for()
    assert page.locator("#chat-status", has_text="deleted").count() == 0
    assert page.locator("#chat-form button").is_disabled()


def test_reconnects_wait_a_jittered_back_off_so_a_crowd_does_not_return_at_once(browse, member):
    """live.js waits 1 s doubling to 30 s before each reconnect, each wait between half and all of it (issue 16:
    a server restart must not bring every socket back in the same instant)."""
    page = browse(member)  # the socket client is on signed-in pages
    page.goto("/help/")
    attempts = [0, 1, 2, 3, 4, 5, 6, 10]
    waits = page.evaluate(
        "attempts => attempts.map(n => Array.from({length: 200}, () => window.PeerLive.backoff(n)))", attempts
    )
    for attempt, samples in zip(attempts, waits, strict=True):
        ceiling = min(30_000, 1000 * 2**attempt)
        assert all(ceiling / 2 <= wait <= ceiling for wait in samples), (attempt, min(samples), max(samples))
        assert max(samples) - min(samples) > ceiling / 4, attempt  # spread out, not one instant for everyone
