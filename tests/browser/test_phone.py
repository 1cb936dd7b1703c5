"""The phone screen, at 390x844 and 1280x800: who else is here, one time format per language on the page and live,
day separators (also past midnight), the unread and queue counts in sight, alerts folded to a bar with the composer
in sight, and axe clean with the "new since your last visit" marker and with the invitation notice."""

import json
import re
from datetime import timedelta
from importlib import import_module

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format

from accounts.notifications.models import Notification
from groups.membership import members as group_members
from groups.models import Message
from moderation import pipeline
from moderation.alerts import actions as alert_actions
from moderation.alerts.models import Alert
from peersupport import times

from .helpers import check_page

pytestmark = pytest.mark.browser


def open_chat(page, group):
    page.goto(f"/groups/{group.slug}/chat/")
    page.locator("#chat-status", has_text=re.compile(r"\S")).wait_for()
    page.wait_for_function("() => document.querySelector('#chat-presence').textContent !== ''")


def post(user, topic, text, when=None):
    message = pipeline.submit(user, topic.group, text, topic=topic).message
    if when is not None:
        Message.objects.filter(pk=message.pk).update(created_at=when)
        message.refresh_from_db()
    return message


def send(page, text):
    composer = page.get_by_label("Your message")
    composer.fill(text)
    composer.press("Enter")


def test_presence_says_nobody_else_then_counts_the_other_person(browse, group, member, other_member):
    quiet = browse(member)
    open_chat(quiet, group)
    presence = quiet.locator("#chat-presence")
    presence.filter(has_text="Nobody else is here right now").wait_for()
    other = browse(other_member)
    open_chat(other, group)
    other.locator("#chat-presence", has_text="1 other here").wait_for()
    presence.filter(has_text="1 other here").wait_for()
    other.close()
    presence.filter(has_text="Nobody else is here right now").wait_for(timeout=15_000)
    assert "peer" not in quiet.locator("#chat").inner_text()


@pytest.mark.parametrize("language", ["en", "fi"])
def test_chat_times_and_days_are_alike_on_the_page_and_live(browse, group, member, other_member, chat, language):
    member.language = language
    member.save(update_fields=["language"])
    yesterday = timezone.localtime() - timedelta(days=1)
    earlier = post(other_member, chat, "Late last night", yesterday)
    group_members.mark_read(member, group, earlier.pk)
    reader = browse(member)
    open_chat(reader, group)
    with translation.override(language):
        expected_yesterday = times.day_label(earlier.created_at)
        today = times.day_label(timezone.now())
        written = date_format(timezone.localtime(earlier.created_at), "TIME_FORMAT")
    assert reader.locator(".day-separator .day-label").all_inner_texts() == [expected_yesterday]
    assert reader.locator(f"#m{earlier.pk} time").inner_text() == written

    writer = browse(other_member)
    open_chat(writer, group)
    send(writer, "Good morning, anyone up?")
    live = reader.locator("#chat-log li[data-id]", has_text="Good morning, anyone up?")
    live.wait_for()
    message = Message.objects.get(body_source="Good morning, anyone up?")
    with translation.override(language):
        live_time = date_format(timezone.localtime(message.created_at), "TIME_FORMAT")
    assert live.locator("time").inner_text() == live_time  # the server's format, not the browser's "06:45 AM"
    assert re.fullmatch(r"\d{2}:\d{2}" if language == "en" else r"\d{1,2}\.\d{2}", live_time)
    assert reader.locator(".day-separator .day-label").all_inner_texts() == [expected_yesterday, today]
    labels = reader.locator("#chat-log > li").evaluate_all("els => els.map(el => el.className.split(' ')[0])")
    assert labels[-2:] == ["day-separator", "chat-message"]  # the new day starts right before the live message


def test_chat_with_the_unread_marker_passes_axe(browse, group, member, other_member, chat):
    seen = post(other_member, chat, "Earlier today")
    post(other_member, chat, "While you were away")
    group_members.mark_read(member, group, seen.pk)
    page = browse(member)
    open_chat(page, group)
    marker = page.locator("#unread-marker")
    assert marker.inner_text() == "New since your last visit"
    assert marker.evaluate("el => el.tagName + ' ' + el.parentElement.tagName") == "LI OL"
    check_page(page, "chat-unread-marker")


def test_unread_and_queue_counts_stay_in_sight_on_a_phone(browse, viewport, group, member, moderator):
    Notification.objects.create(user=member, kind="join_decided")
    page = browse(member)
    sockets, heard = [], []

    def route(ws):  # the page's notification socket, passed through; the test may speak in the server's place
        server = ws.connect_to_server()
        server.on_message(lambda text: (heard.append(text), ws.send(text)))
        sockets.append(ws)

    page.route_web_socket(re.compile(r"/ws/notifications/"), route)
    page.goto("/groups/")
    compact, menu = page.locator("#notification-count-compact"), page.locator("#notification-bell")
    named = page.get_by_role("link", name="Notifications 1 unread", exact=True)  # what a screen reader says
    assert named.count() == 1 and named.is_visible()  # beside the brand on a phone, in the menu on a desktop
    if viewport == "phone":  # the menu is folded: the count is beside the brand
        assert compact.is_visible() and not menu.is_visible()
    else:
        assert menu.is_visible() and not compact.is_visible()
    for _ in range(100):  # the server has sent its count on connect: nothing of its own comes after ours
        if heard:
            break
        page.wait_for_timeout(100)
    sockets[0].send(json.dumps({"type": "notification.new", "unread": 2}))  # as the server announces a new one
    shown = compact if viewport == "phone" else menu
    shown.locator("[data-unread-count]", has_text="2").wait_for(timeout=20_000)  # live, over the socket
    assert page.get_by_role("link", name="Notifications 2 unread", exact=True).is_visible()
    check_page(page, "nav-counts-member")

    group.premoderation_count = 3
    group.save(update_fields=["premoderation_count"])
    post(member, group.chat_topic(), "Please look at this")  # a newcomer's message waits for a moderator
    queue = browse(moderator)
    queue.goto("/groups/")
    waiting = queue.get_by_role("link", name="Moderation queue 1 waiting", exact=True)
    assert waiting.is_visible() == (viewport == "phone")
    assert queue.get_by_role("link", name="Moderation 1 waiting", exact=True).is_visible() == (viewport == "desktop")


def publish_alert(staff, group, title, severity="warning"):
    until = timezone.now() + timedelta(days=1)
    alert = Alert(title=title, body_source="Take **care**.", severity=severity, expires_at=until)
    return alert_actions.publish_alert(staff, alert, [group])


def test_chat_folds_alerts_to_a_bar_and_keeps_the_composer_in_sight(browse, viewport, staff, group, member, chat):
    for n in range(12):
        post(member, chat, f"Message number {n}, long enough to take a line or two on a phone screen.")
    publish_alert(staff, group, "Strong batch going round")
    publish_alert(staff, group, "Fake pills in the city", severity="urgent")
    page = browse(member)
    open_chat(page, group)
    bar = page.locator("#alerts-bar")
    assert bar.is_visible() and bar.bounding_box()["height"] < 60  # one line, closed
    assert not page.get_by_role("button", name="Seen, thanks").first.is_visible()
    composer = page.get_by_label("Your message")
    size = page.viewport_size
    assert composer.bounding_box()["y"] + composer.bounding_box()["height"] <= size["height"]
    assert page.evaluate("() => document.documentElement.scrollHeight <= innerHeight")  # no page scroll to fight
    log = page.locator("#chat-log")
    assert log.evaluate("el => el.scrollHeight > el.clientHeight && el.scrollTop > 0")  # the list scrolls, at its end
    check_page(page, "chat-alerts-bar")

    bar.locator("> summary").click()
    seen_button = page.get_by_role("button", name="Seen, thanks").first
    seen_button.wait_for()
    composer.fill("I was writing this")
    seen_button.click()
    page.locator("#pinned-alerts details.alert-folded").wait_for()  # "Seen, thanks" shrinks it in place
    assert page.locator("#pinned-alerts .alert-card").count() == 2
    assert composer.input_value() == "I was writing this"
    check_page(page, "chat-alerts-open")
    page.reload()
    page.locator("#alerts-bar > summary").click()
    assert page.locator("#pinned-alerts details.alert-folded").count() == 1  # the server folds it too


def test_home_with_the_invitation_notice_passes_axe(browse, member):
    """Opened an invitation link before signing in: the home page offers to continue with it (readable contrast)."""
    page = browse(member)
    session_key = next(c["value"] for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)  # the site's own (encrypted)
    session["invitation_id"] = 1
    session.save()
    page.goto("/")
    link = page.get_by_role("link", name="Continue with the invitation")
    assert link.is_visible()
    check_page(page, "home-invitation-notice")


def test_day_separator_follows_the_clock_past_midnight(browse, group, member, other_member, chat):
    post(other_member, chat, "Still awake?")
    page = browse(member)
    page.clock.install()  # the page's own clock, which the test may move on
    open_chat(page, group)
    label = page.locator(".day-separator .day-label")
    assert label.all_inner_texts() == ["Today"]
    page.clock.fast_forward("24:00:00")  # the page stayed open into the next day
    label.filter(has_text="Yesterday").wait_for()
    assert label.all_inner_texts() == ["Yesterday"]


def test_chat_with_one_unseen_alert_scrolls_inside_the_page_never_the_page(
    browse, staff, group, member, other_member, chat
):
    for n in range(8):
        post(other_member if n % 2 else member, chat, f"Message {n}, long enough to take a line or two on a phone.")
    publish_alert(staff, group, "Strong batch going round", severity="urgent")
    page = browse(member)
    open_chat(page, group)
    assert page.get_by_role("button", name="Seen, thanks").is_visible()  # unseen: the whole card, not a bar
    assert page.evaluate("() => document.documentElement.scrollHeight <= innerHeight")
    composer = page.get_by_label("Your message")
    composer.scroll_into_view_if_needed()
    assert composer.is_visible() and page.locator("#chat-log").bounding_box()["height"] >= 120  # a few lines
