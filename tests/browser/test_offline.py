"""Nothing typed is lost (issue 18): a message sent while the connection is down stays on the page as "not sent
yet", survives a reload of the tab, and goes out by itself when the connection is back, once for everyone, even
when the server had saved it and only its answer was lost; quick exit and signing out wipe what the tab kept."""

import json
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from groups.content import support
from groups.models import Message

from .helpers import sign_out
from .test_chat import Connection, log_texts, open_chat

pytestmark = pytest.mark.browser
PENDING = "#chat-log li.chat-pending"
KEPT = "() => Object.keys(sessionStorage).filter(k => k.startsWith('peersupport:')).length"


def send(page, text):
    composer = page.get_by_label("Your message")
    composer.fill(text)
    composer.press("Enter")


def wait_until_sent(page, texts):
    for text in texts:
        page.locator("#chat-log li[data-id]", has_text=text).wait_for(timeout=20_000)
    page.locator(PENDING).first.wait_for(state="detached")
    page.wait_for_timeout(300)  # a second copy (a replay, a live event) would have landed


@pytest.fixture
def neutral_exit(settings):
    """Quick exit leaves for about:blank: the tests make no off-site request."""
    settings.QUICK_EXIT_URL = ""


def test_messages_sent_offline_wait_survive_a_reload_and_arrive_once_for_both(browse, group, member, other_member):
    page = browse(member)
    connection = Connection(page)
    open_chat(page, group)
    other = browse(other_member)
    open_chat(other, group)
    url = page.url

    connection.set_offline(True)
    page.locator("#chat-status", has_text="You are offline").wait_for()
    texts = ["Is anyone up? I can't sleep.", "Sorry, my connection keeps dropping."]
    for text in texts:
        send(page, text)
    assert page.url == url  # the composer never left the page
    pending = page.locator(PENDING)
    assert page.locator(PENDING + " .chat-body").all_inner_texts() == texts
    assert pending.first.locator(".chat-pending-badge").inner_text() == "Not sent yet"
    assert "goes out by itself" in pending.first.inner_text()
    page.get_by_label("Your message").fill("Half a thought I have not sent")

    page.context.set_offline(False)  # the network is back, the chat's socket not yet: the tab reloads
    page.reload()
    page.locator(PENDING).nth(1).wait_for()
    assert page.locator(PENDING + " .chat-body").all_inner_texts() == texts
    assert page.get_by_label("Your message").input_value() == "Half a thought I have not sent"
    assert not Message.objects.filter(body_source__in=texts).exists()

    connection.set_offline(True)
    connection.set_offline(False)  # back online: the browser says so, and the socket opens at once
    page.locator("#chat-status", has_text=re.compile("^Live$")).wait_for(timeout=20_000)
    wait_until_sent(page, texts)
    wait_until_sent(other, texts)
    for screen in (page, other):
        shown = log_texts(screen)
        assert [shown.count(text) for text in texts] == [1, 1]
        assert shown[-2:] == texts
    assert [Message.objects.filter(body_source=text).count() for text in texts] == [1, 1]
    assert page.get_by_label("Your message").input_value() == "Half a thought I have not sent"
    assert page.evaluate("() => localStorage.length") == 0


def test_a_support_conversation_keeps_what_was_sent_offline_and_delivers_it_once(browse, group, member, moderator):
    """The support conversation's composer is the chat's: the same outbox, over the support socket."""
    topic = support.start_by_member(member, group)
    url = reverse("groups:support-detail", args=[group.slug, topic.pk])
    page = browse(member)
    connection = Connection(page, r"/ws/support/")
    page.goto(url)
    page.locator("#chat-status", has_text=re.compile("^Live$")).wait_for()
    helper = browse(moderator)
    helper.goto(url)
    helper.locator("#chat-status", has_text=re.compile("^Live$")).wait_for()

    connection.set_offline(True)
    page.locator("#chat-status", has_text="You are offline").wait_for()
    text = "I relapsed last night and I feel ashamed."
    send(page, text)
    page.context.set_offline(False)
    page.reload()
    page.locator(PENDING, has_text=text).wait_for()
    connection.set_offline(True)
    connection.set_offline(False)
    wait_until_sent(page, [text])
    wait_until_sent(helper, [text])
    assert log_texts(page).count(text) == 1 and log_texts(helper).count(text) == 1
    assert Message.objects.filter(topic=topic, body_source=text).count() == 1


def test_where_websockets_never_open_the_waiting_message_goes_by_the_form_once(browse, group, member, other_member):
    """A network that blocks WebSockets: after a while the outbox is posted as the no-script form would be."""
    page = browse(member)
    Connection(page).offline = True  # every socket refused; the browser itself is online
    page.goto(f"/groups/{group.slug}/chat/")
    page.locator("#chat-status", has_text="Reconnecting").wait_for()
    other = browse(other_member)
    open_chat(other, group)
    text = "Does anyone know a clinic open on Sundays?"
    send(page, text)
    page.locator(PENDING, has_text=text).wait_for()

    page.wait_for_url(re.compile(r"sent=published"), timeout=45_000)
    page.locator("#chat-log li[data-id]", has_text=text).wait_for()
    other.locator("#chat-log li[data-id]", has_text=text).wait_for()
    assert page.locator(PENDING).count() == 0 and page.evaluate(KEPT) == 0
    assert log_texts(page).count(text) == 1 and log_texts(other).count(text) == 1
    assert Message.objects.filter(body_source=text).count() == 1


class AckLost:
    """The page's group sockets through Playwright: the server's first ack never reaches the page, and that
    socket drops as a connection does (the server saved and broadcast the message; its sender never heard)."""

    def __init__(self, page):
        self.lost, self.sent = [], []
        page.route_web_socket(re.compile(r"/ws/groups/"), self._route)

    def _route(self, ws):
        server = ws.connect_to_server()

        def from_page(text):
            self.sent.append(json.loads(text))
            server.send(text)

        def from_server(text):
            if json.loads(text).get("type") == "ack" and not self.lost:
                self.lost.append(json.loads(text))
                ws.close(code=1012, reason="dropped")
                return
            ws.send(text)

        ws.on_message(from_page)
        server.on_message(from_server)


def test_a_message_the_server_saved_but_never_answered_is_sent_again_and_shown_once(
    browse, group, member, other_member
):
    page = browse(member)
    wire = AckLost(page)
    open_chat(page, group)
    other = browse(other_member)
    open_chat(other, group)
    text = "Thank you all for last night."

    send(page, text)
    other.locator("#chat-log li[data-id]", has_text=text).wait_for()  # saved and shown to the group
    wait_until_sent(page, [text])  # after the reconnect, the resend's ack takes it off "not sent yet"
    sends = [frame for frame in wire.sent if frame["type"] == "send"]
    assert len(wire.lost) == 1 and len(sends) == 2
    assert sends[0]["client_id"] == sends[1]["client_id"] == wire.lost[0]["client_id"]
    assert log_texts(page).count(text) == 1 and log_texts(other).count(text) == 1
    assert Message.objects.filter(body_source=text).count() == 1


def keep_a_message_and_a_draft(page, group):
    """Offline in the chat: one message waiting to go and a draft, both kept by the tab."""
    connection = Connection(page)
    open_chat(page, group)
    connection.set_offline(True)
    send(page, "Something I do not want anyone to see")
    page.get_by_label("Your message").fill("and a draft")
    assert page.evaluate(KEPT) == 2
    return connection


def assert_nothing_was_kept(page, connection, group, member):
    connection.set_offline(False)
    open_chat(page, group)
    assert page.locator(PENDING).count() == 0
    assert page.get_by_label("Your message").input_value() == ""
    assert page.evaluate("() => sessionStorage.length") == 0
    page.wait_for_timeout(500)
    assert not Message.objects.filter(author=member).exists()  # and nothing went out on its own


def test_quick_exit_wipes_the_messages_not_sent_yet_and_the_draft(neutral_exit, browse, group, member):
    page = browse(member)
    connection = keep_a_message_and_a_draft(page, group)
    page.get_by_role("button", name="Quick exit").click()
    page.wait_for_url("about:blank")
    assert_nothing_was_kept(page, connection, group, member)


def test_signing_out_wipes_the_messages_not_sent_yet_and_the_draft(browse, server, group, member):
    page = browse(member)
    connection = keep_a_message_and_a_draft(page, group)
    page.context.set_offline(False)  # the chat's socket is still down: the message is still waiting
    sign_out(page)
    page.wait_for_load_state("load")
    assert page.evaluate("() => sessionStorage.length") == 0

    client = Client()  # signed in again in the same tab
    client.force_login(member)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": server.url}])
    assert_nothing_was_kept(page, connection, group, member)
