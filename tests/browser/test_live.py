"""The shared socket client (static/js/live.js) on the pages that use it: after the server closes the
socket the page reconnects and resumes, showing what it missed once even when the same message also
arrives live around the reconnect, dropping what was removed meanwhile; a text the server could not
save (`unavailable`) is sent again by itself, once; and the bell catches up after its socket comes back."""

import json
import re

import pytest
from django.apps import apps

from groups.live import serialize_message
from groups.models import Message, Topic

pytestmark = pytest.mark.browser
UNAVAILABLE = "We could not do that just now: the service is restarting. Your text is kept; it is sent again shortly."


class Wire:
    """The page's group (or other) sockets, routed through Playwright.

    cut(code) closes them as the server would and refuses new ones until restore(); `echo` frames
    reach the page just before and just after the server's replay (as live events can around a
    reconnect); `answer(frame)` may answer a page frame in the server's place (None: forward it).
    """

    def __init__(self, page, path=r"/ws/groups/"):
        self.page, self.refusing, self.open = page, False, []
        self.echo, self.answer, self.sent = [], None, []
        page.route_web_socket(re.compile(path), self._route)

    def _route(self, ws):
        if self.refusing:
            ws.close(code=1012, reason="restarting")
            return
        server = ws.connect_to_server()
        self.open.append(ws)

        def from_page(text):
            frame = json.loads(text)
            self.sent.append(frame)
            reply = self.answer(frame) if self.answer else None
            if reply is None:
                server.send(text)
            else:
                ws.send(json.dumps(reply))

        def from_server(text):
            replay = json.loads(text).get("type") == "replay"
            for frame in self.echo if replay else []:
                ws.send(json.dumps(frame))
            ws.send(text)
            for frame in self.echo if replay else []:
                ws.send(json.dumps(frame))

        ws.on_message(from_page)
        server.on_message(from_server)

    def cut(self, code=1012):
        self.refusing = True
        for ws in self.open:
            ws.close(code=code, reason="restarting")
        self.open.clear()

    def restore(self):
        self.refusing = False


def _post(topic, author, text, status=Message.Status.PUBLISHED):
    return Message.objects.create(
        group=topic.group, topic=topic, author=author, body_source=text, body_html=f"<p>{text}</p>", status=status
    )


def _new_frame(message):
    message = Message.objects.select_related("author", "topic").get(pk=message.pk)
    return {"type": "message.new", "message": serialize_message(message)}


def test_live_chat_resumes_after_the_server_closes_and_shows_each_missed_message_once(
    browse, group, member, other_member
):
    chat = group.chat_topic()
    _post(chat, other_member, "Anyone awake?")
    page = browse(member)
    wire = Wire(page)
    page.goto(f"/groups/{group.slug}/chat/")
    page.locator("#chat-status", has_text=re.compile("^Live$")).wait_for()

    wire.cut()
    page.locator("#chat-status", has_text="Reconnecting").wait_for()
    missed = [_post(chat, other_member, text) for text in ("I am, can't sleep.", "Same here.")]
    wire.echo = [_new_frame(missed[0])]  # also arrives live, before and after the replay
    wire.restore()

    page.locator("#chat-status", has_text=re.compile("^Live$")).wait_for(timeout=20_000)
    page.locator("#chat-log li", has_text="Same here.").wait_for()
    page.wait_for_timeout(300)  # an echo after the replay would have landed
    texts = page.locator("#chat-log li[data-id] .chat-body").all_inner_texts()
    assert texts == ["Anyone awake?", "I am, can't sleep.", "Same here."]


def test_live_topic_resumes_after_the_server_closes_adds_missed_replies_once_and_drops_removed_ones(
    browse, group, member, other_member
):
    topic = Topic.objects.create(group=group, title="Sleep", created_by=member)
    _post(topic, member, "Nights are the hardest.")
    removed = _post(topic, other_member, "Try this pill, it knocks you out.")
    page = browse(member)
    wire = Wire(page)
    page.goto(f"/groups/{group.slug}/topics/{topic.pk}/")
    page.locator("#topic-messages article", has_text="knocks you out").wait_for()
    page.wait_for_timeout(500)  # the socket is open

    wire.cut()
    page.get_by_role("status").filter(has_text="Reconnecting").wait_for()
    late_copy = _new_frame(removed)  # as a stale event could still carry it
    Message.objects.filter(pk=removed.pk).update(status=Message.Status.REMOVED)
    missed = [_post(topic, other_member, text) for text in ("A warm shower helps me.", "Me too.")]
    wire.echo = [_new_frame(missed[0]), late_copy]
    wire.restore()

    page.locator("#topic-messages article", has_text="Me too.").wait_for(timeout=20_000)
    page.locator("#topic-messages article", has_text="knocks you out").wait_for(state="detached")
    page.wait_for_timeout(300)
    texts = page.locator("#topic-messages article .message-body").all_inner_texts()
    assert texts == ["Nights are the hardest.", "A warm shower helps me.", "Me too."]
    assert page.get_by_role("status").filter(has_text="Reconnecting").count() == 0


def test_live_chat_text_the_server_could_not_save_is_sent_again_by_itself_once(browse, group, member):
    page = browse(member)
    wire = Wire(page)
    refused = []

    def restarting_once(frame):
        if frame["type"] != "send" or refused:
            return None
        refused.append(frame)
        return {
            "type": "error",
            "code": "unavailable",
            "message": UNAVAILABLE,
            "client_id": frame["client_id"],
            "retry_after": 1,
        }

    wire.answer = restarting_once
    page.goto(f"/groups/{group.slug}/chat/")
    page.locator("#chat-status", has_text=re.compile("^Live$")).wait_for()
    composer = page.get_by_label("Your message")
    composer.fill("Is the needle exchange open on Sundays?")
    composer.press("Enter")

    page.locator("#chat-error", has_text="Your text is kept").wait_for()
    waiting = page.locator("#chat-log li.chat-pending", has_text="needle exchange")
    assert waiting.locator(".chat-pending-badge").inner_text() == "Not sent yet"
    assert composer.input_value() == ""
    page.locator("#chat-log li[data-id]", has_text="needle exchange").wait_for(timeout=5000)
    assert waiting.count() == 0
    assert page.locator("#chat-error").is_hidden()
    page.wait_for_timeout(1500)  # no second retry
    assert page.locator("#chat-log li", has_text="needle exchange").count() == 1
    assert Message.objects.filter(body_source="Is the needle exchange open on Sundays?").count() == 1
    sends = [frame for frame in wire.sent if frame["type"] == "send"]
    assert [frame["client_id"] for frame in sends] == [refused[0]["client_id"]] * 2


def test_live_bell_shows_what_arrived_while_the_server_had_closed_its_socket(browse, member):
    page = browse(member)
    wire = Wire(page, r"/ws/notifications/")
    page.goto("/groups/")
    badge = page.locator("#notification-count")
    for _ in range(100):
        if wire.open:
            break
        page.wait_for_timeout(100)
    assert wire.open and badge.get_attribute("hidden") is not None  # nothing unread (on a phone: in the menu)

    wire.cut()
    page.wait_for_timeout(300)
    apps.get_model("accounts", "Notification").objects.create(user=member, kind="join_decided")
    wire.restore()

    page.wait_for_function(
        "() => { const b = document.getElementById('notification-count'); return !b.hidden && b.textContent === '1'; }",
        timeout=20_000,
    )
