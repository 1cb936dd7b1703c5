"""Acting on chat messages in a real browser, at 390x844 and 1280x800: reactions and a reply seen live in a
second person's chat, an edit and a delete reaching them too, a report from the chat reaching the moderator's
queue, and a moderator removing a message from the chat."""

import re

import pytest

from groups.membership.members import mark_read
from groups.models import Message, Reaction
from moderation import pipeline
from moderation.models import QueueItem, Report, WatchedWord

from .helpers import check_page, tab_to
from .test_chat import open_chat, send_by_keyboard

pytestmark = pytest.mark.browser


def say(person, group, text, *readers):
    """A message written before the pages open, already read by `readers` (the unread marker is another test's)."""
    message = pipeline.submit(person, group, text, topic=group.chat_topic()).message
    for reader in readers:
        mark_read(reader, group, message.pk)
    return message


def line(page, text):
    """The chat line whose own words (not a quote of them) hold `text`."""
    return page.locator("#chat-log li[data-id]").filter(has=page.locator(".chat-body", has_text=text))


def open_actions(page, message_text, author):
    item = line(page, message_text)
    item.locator("summary", has_text=f"Actions for the message from {author}").click()
    return item


def test_reactions_and_a_reply_are_seen_live_by_the_other_person(browse, group, member, other_member):
    say(other_member, group, "Ten days clean today and I am scared of the weekend.", member)
    mine = browse(member)
    open_chat(mine, group)
    theirs = browse(other_member)
    open_chat(theirs, group)

    item = open_actions(mine, "Ten days clean", "Other Member")
    check_page(mine, "chat-actions-open")
    item.get_by_role("button", name="Proud of you").click()
    seen = line(theirs, "Ten days clean").get_by_role("button", name="Proud of you 1")
    seen.wait_for()
    pressed = item.locator(".chat-react-menu").get_by_role("button", name="Proud of you", include_hidden=True)
    assert pressed.get_attribute("aria-pressed") == "true"
    assert (
        line(mine, "Ten days clean").locator(".chat-reactions").get_by_role("button").get_attribute("aria-pressed")
        == "true"
    )

    seen.click()  # the author says it back: both see two
    line(mine, "Ten days clean").get_by_role("button", name="Proud of you 2").wait_for()
    chip = line(theirs, "Ten days clean").get_by_role("button", name="Proud of you 2")
    chip.wait_for()
    assert chip.get_attribute("aria-pressed") == "true"  # theirs now too; for the first person as before
    assert Reaction.objects.filter(code="proud").count() == 2

    item = open_actions(mine, "Ten days clean", "Other Member")
    item.get_by_role("link", name="Reply").click()
    assert mine.locator("#chat-reply").is_visible()
    assert "Ten days clean" in mine.locator("#chat-reply-text").inner_text()
    send_by_keyboard(mine, "You have done it ten times already, one more weekend.")
    assert mine.locator("#chat-reply").is_hidden()

    reply = line(theirs, "one more weekend")
    reply.wait_for()
    quote = reply.locator("a.chat-quote")
    assert "Other Member" in quote.inner_text() and "Ten days clean" in quote.inner_text()
    quote.click()  # jumps to the message answered
    focused = theirs.evaluate("() => document.activeElement.id")
    assert focused == f"m{Message.objects.get(body_source__startswith='Ten days').pk}"
    check_page(theirs, "chat-reply-seen")
    assert Message.objects.get(body_source__startswith="You have done it").reply_to.body_source.startswith("Ten")


def test_an_edit_and_a_delete_reach_the_other_person(browse, group, member, other_member):
    mine = browse(member)
    open_chat(mine, group)
    theirs = browse(other_member)
    open_chat(theirs, group)
    send_by_keyboard(mine, "Made soup for the neighbours, it was too salty.")
    line(theirs, "too salty").wait_for()

    item = open_actions(mine, "too salty", "Quiet Member")
    item.get_by_role("link", name="Edit").click()
    box = item.get_by_label("Edit your message")
    assert box.input_value() == "Made soup for the neighbours, it was too salty."
    box.fill("Made soup for the neighbours, it was tasty.")
    item.get_by_role("button", name="Save").click()
    edited = line(theirs, "was tasty")
    edited.wait_for()
    assert edited.locator(".chat-edited").inner_text() == "edited"
    message = Message.objects.get(body_source__contains="was tasty")
    assert [r.body_source for r in message.revisions.all()] == ["Made soup for the neighbours, it was too salty."]

    item = open_actions(mine, "was tasty", "Quiet Member")
    item.get_by_role("link", name="Delete").click()
    check_page(mine, "chat-delete-confirm")
    item.locator(".chat-panel").get_by_role("button", name="Delete").click()
    line(theirs, "was tasty").wait_for(state="detached")
    line(mine, "was tasty").wait_for(state="detached")
    message.refresh_from_db()
    assert message.status == Message.Status.DELETED and message.body_source == ""


def test_a_report_from_the_chat_reaches_the_queue_and_a_moderator_removes_it(
    browse, group, member, other_member, moderator
):
    hurtful = say(other_member, group, "Nobody here cares, you are all pathetic.", member, moderator)
    answer = pipeline.submit(member, group, "That hurt to read.", topic=group.chat_topic(), reply_to=hurtful).message
    mark_read(moderator, group, answer.pk)
    mine = browse(member)
    open_chat(mine, group)

    item = open_actions(mine, "all pathetic", "Other Member")
    item.get_by_role("link", name="Report").click()
    item.get_by_label("Which group rule does it break?").select_option("Be kind.")
    item.get_by_label("What is the problem?").fill("It hurt to read.")
    check_page(mine, "chat-report-panel")
    item.get_by_role("button", name="Send report").click()
    mine.locator("#chat-action-status", has_text="Thank you for telling us").wait_for()
    report = Report.objects.get()
    assert (report.reporter, report.rule, report.note) == (member, "Be kind.", "It hurt to read.")

    mod = browse(moderator)
    mod.goto(f"/moderation/{group.slug}/")
    mod.get_by_role("link", name=re.compile("all pathetic")).wait_for()
    assert QueueItem.objects.filter(kind=QueueItem.Kind.REPORTED, status="open").count() == 1

    open_chat(mod, group)
    item = open_actions(mod, "all pathetic", "Other Member")
    item.get_by_role("link", name="Remove").click()
    item.get_by_label("Rule it breaks").select_option("Be kind.")
    item.get_by_role("button", name="Remove").click()
    line(mine, "all pathetic").wait_for(state="detached")
    # The quote in the answer loses the removed words at once, on the open page too.
    line(mine, "That hurt to read").locator(".chat-quote-gone").wait_for()
    assert "pathetic" not in line(mine, "That hurt to read").inner_text()
    mod.locator("#chat-action-status", has_text="Removed").wait_for()
    assert Message.objects.get(body_source__contains="pathetic").status == Message.Status.REMOVED


def test_the_actions_work_by_keyboard_with_targets_large_enough_to_touch(browse, group, member, other_member):
    say(other_member, group, "First night shift after rehab, wish me luck.", member)
    mine = browse(member)
    open_chat(mine, group)
    item = line(mine, "wish me luck")
    toggle = item.locator("summary.chat-actions-toggle")
    box = toggle.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44, box  # WCAG 2.5.5: a thumb can hit it
    tab_to(mine, toggle)
    mine.keyboard.press("Enter")
    first = item.locator(".chat-react-menu button").first
    assert first.bounding_box()["height"] >= 44
    mine.keyboard.press("Tab")
    assert first.evaluate("el => el === document.activeElement")
    mine.keyboard.press("Enter")
    item.locator(".chat-reactions").get_by_role("button", name="I hear you 1").wait_for()
    assert toggle.evaluate("el => el === document.activeElement")  # back where the person was
    assert Reaction.objects.filter(user=member, code="hear").exists()


def test_an_edit_held_for_a_moderator_stays_with_its_author_and_leaves_the_others(browse, group, member, other_member):
    WatchedWord.objects.create(pattern="pills", action="hold")
    mine = browse(member)
    open_chat(mine, group)
    theirs = browse(other_member)
    open_chat(theirs, group)
    send_by_keyboard(mine, "Going for a long walk after dinner.")
    line(theirs, "long walk").wait_for()

    item = open_actions(mine, "long walk", "Quiet Member")
    item.get_by_role("link", name="Edit").click()
    item.get_by_label("Edit your message").fill("Going for a long walk, then my pills.")
    item.get_by_role("button", name="Save").click()
    line(theirs, "long walk").wait_for(state="detached")
    line(mine, "then my pills").locator(".chat-status-badge", has_text="Waiting for a moderator").wait_for()
    mine.locator("#chat-action-status").wait_for()  # why it waits, in the pipeline's words
    assert mine.locator("#chat-action-status").inner_text().strip()
    assert Message.objects.get(body_source__contains="then my pills").status == Message.Status.HELD
