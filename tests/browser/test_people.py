"""Issue 18 at 390x844 and 1280x800: @mention autocomplete (keyboard on a desk, touch on a phone) and the
highlight, live and server-rendered; ignoring someone folds their messages away, live too, and settings
undo it; live messages offer "Ignore" as server-rendered ones do; their typing does not show while they are
ignored; the person ignored sees nothing of it."""

import re

import pytest
from django.urls import reverse

from groups.models import Membership, Message
from moderation.pipeline import Kind, submit

from .helpers import check_page

pytestmark = pytest.mark.browser


def read_up_to(user, group, message):
    """`user` has read the chat up to `message` (the "new since your last visit" marker is issue 18's
    phone part, checked by axe there)."""
    Membership.objects.filter(user=user, group=group).update(last_read_message_id=message.pk)


def open_chat(page, group):
    page.goto(f"/groups/{group.slug}/chat/")
    page.locator("#chat-status", has_text=re.compile("^Live$")).wait_for()


def test_mention_autocomplete_and_highlight_live_and_after_reload(browse, viewport, group, chat, member, other_member):
    hello = submit(other_member, group, "Hello, I am new here.", topic=chat).message  # who wrote: offered to all
    read_up_to(member, group, hello)
    other = browse(other_member)
    open_chat(other, group)
    quiet = browse(member)
    open_chat(quiet, group)
    composer = quiet.get_by_label("Your message")
    composer.click()
    quiet.keyboard.type("Welcome @oth")
    option = quiet.get_by_role("option", name="Other Member")
    option.wait_for()
    assert composer.get_attribute("role") == "combobox"
    assert composer.get_attribute("aria-expanded") == "true"
    assert composer.get_attribute("aria-activedescendant") == option.get_attribute("id")
    assert option.get_attribute("aria-selected") == "true"
    check_page(quiet, "mention-autocomplete")
    if viewport == "phone":
        option.click()  # a tap: the list answers pointerdown, so the composer keeps the focus
    else:
        quiet.keyboard.press("Enter")  # picks the name; the message is not sent yet
    assert composer.input_value() == "Welcome @Other Member "
    assert composer.get_attribute("aria-expanded") == "false"
    quiet.keyboard.type("glad you came.")
    quiet.keyboard.press("Enter")
    sent = quiet.locator("#chat-log li[data-id]", has_text="glad you came")
    sent.wait_for()
    assert sent.locator("span.mention").inner_text() == "@Other Member"
    live = other.locator("#chat-log li[data-id]", has_text="glad you came")
    live.wait_for()
    assert live.locator("span.mention.mention-me").inner_text() == "@Other Member"
    read_up_to(other_member, group, Message.objects.latest("pk"))
    other.reload()
    other.locator("#chat-log li[data-id] span.mention.mention-me", has_text="@Other Member").wait_for()
    check_page(other, "mention-highlight")

    quiet.keyboard.type("@zz")
    quiet.locator("[role=status]", has_text="Nobody of that name").wait_for()
    assert composer.get_attribute("aria-expanded") == "false"
    quiet.keyboard.press("Escape")


def test_ignoring_folds_their_messages_live_and_settings_undo_it(
    browse, viewport, group, chat, member, other_member, moderator
):
    submit(other_member, group, "You always say the wrong thing.", topic=chat)
    read_up_to(member, group, submit(moderator, group, "Please keep it kind, everyone.", topic=chat).message)
    quiet = browse(member)
    open_chat(quiet, group)
    theirs = quiet.locator("#chat-log li[data-id]", has_text="the wrong thing")
    theirs.get_by_role("link", name="Ignore").click()
    quiet.get_by_role("heading", name="Ignore Other Member?").wait_for()
    check_page(quiet, "ignore-confirm")
    quiet.get_by_role("button", name="Ignore").click()
    quiet.locator("#chat-status", has_text=re.compile("^Live$")).wait_for()
    assert "Their messages fold away for you" in quiet.locator("main").inner_text()
    folded = quiet.locator("#chat-log li[data-id] details.ignored-fold")
    assert folded.count() == 1
    assert not quiet.get_by_text("You always say the wrong thing.").is_visible()
    assert quiet.get_by_text("Please keep it kind, everyone.").is_visible()  # a moderator is never folded
    check_page(quiet, "ignore-folded")

    other = browse(other_member)
    open_chat(other, group)
    other.get_by_label("Your message").fill("Are you even listening?")
    other.get_by_label("Your message").press("Enter")
    arrived = quiet.locator("#chat-log li[data-id]", has_text="even listening")
    arrived.wait_for(state="attached")
    arrived.locator("details.ignored-fold").wait_for(state="attached")
    assert not quiet.get_by_text("Are you even listening?").is_visible()
    assert quiet.locator("#chat-typing").inner_text() == ""  # nor do they show as typing
    arrived.get_by_text("Message from someone you ignore — show").click()
    assert quiet.get_by_text("Are you even listening?").is_visible()
    assert other.locator("details.ignored-fold").count() == 0 and "ignore" not in other.locator("main").inner_text()

    quiet.goto(reverse("accounts:ignored"))
    check_page(quiet, "ignore-settings")
    quiet.get_by_role("button", name="Stop ignoring Other Member").click()
    quiet.get_by_text("You no longer ignore this person").wait_for()
    open_chat(quiet, group)
    assert quiet.locator("details.ignored-fold").count() == 0
    assert quiet.get_by_text("You always say the wrong thing.").is_visible()
    # No longer ignored: their typing shows again. They go on writing, as a person does, until it shows: the
    # browser sends a typing frame at most every 3 s, and the first may fall within the server's spacing of the
    # frame sent with their last message.
    typing = quiet.locator("#chat-typing", has_text="Other Member")
    composer = other.get_by_label("Your message")
    for letter in "Are you there? I wanted to say sorry for earlier.":
        composer.press_sequentially(letter)
        if typing.count():
            break
        other.wait_for_timeout(250)
    typing.wait_for(state="attached")


def test_mention_autocomplete_in_the_topic_reply_form(browse, viewport, group, member, other_member):
    first = submit(other_member, group, "How do you sleep after a long shift?", kind=Kind.TOPIC, title="Sleep").message
    quiet = browse(member)
    quiet.goto(f"/groups/{group.slug}/topics/{first.topic_id}/")
    reply = quiet.get_by_label("Your reply")
    reply.click()
    quiet.keyboard.type("@Other")
    option = quiet.get_by_role("option", name="Other Member")
    option.wait_for()
    check_page(quiet, "mention-reply-form")
    quiet.keyboard.press("Tab")  # Tab picks the name as Enter does, and keeps the focus in the reply
    assert reply.input_value() == "@Other Member "
    assert reply.evaluate("el => el === document.activeElement")
    quiet.keyboard.type("a warm shower helps me.")
    quiet.get_by_role("button", name=re.compile("^(Reply|Send)")).click()
    posted = quiet.locator("article[data-id]", has_text="a warm shower helps me")
    posted.wait_for()
    assert posted.locator("span.mention").inner_text() == "@Other Member"


def test_a_live_message_offers_ignore_except_for_ones_own_and_a_moderators(
    browse, viewport, group, chat, member, other_member, moderator
):
    quiet = browse(member)
    open_chat(quiet, group)
    for person, text in ((moderator, "Moderator here, all good."), (other_member, "A live line from a peer.")):
        page = browse(person)
        open_chat(page, group)
        page.get_by_label("Your message").fill(text)
        page.get_by_label("Your message").press("Enter")
        quiet.locator("#chat-log li[data-id]", has_text=text).wait_for()
    quiet.get_by_label("Your message").fill("My own line.")
    quiet.get_by_label("Your message").press("Enter")
    own = quiet.locator("#chat-log li[data-id]", has_text="My own line.")
    own.locator(".chat-actions").wait_for(state="attached")
    assert own.get_by_role("link", name="Ignore").count() == 0
    moderators = quiet.locator("#chat-log li[data-id]", has_text="Moderator here")
    assert moderators.get_by_role("link", name="Ignore").count() == 0
    quiet.locator("#chat-log li[data-id]", has_text="A live line").get_by_role("link", name="Ignore").click()
    quiet.get_by_role("heading", name="Ignore Other Member?").wait_for()
    quiet.get_by_role("button", name="Ignore").click()
    quiet.locator("#chat-status", has_text=re.compile("^Live$")).wait_for()
    assert quiet.locator("#chat-log li[data-id] details.ignored-fold").count() == 1
