"""Journey 4: members report a message until it is hidden; a moderator removes it and it
disappears from the pages people have open."""

import re

import pytest

from groups.models import Membership, Message, Topic
from tests.factories import UserFactory

from .helpers import check_page, sign_in_by_keyboard, tab_to, use_skip_link

pytestmark = pytest.mark.browser
HARMFUL = "Message me privately, I can sell you some."


def _topic_with_messages(group, author, replier):
    topic = Topic.objects.create(group=group, title="Getting through weekends", created_by=author)
    Message.objects.create(
        group=group,
        topic=topic,
        author=replier,
        body_source="Weekends are hard.",
        body_html="<p>Weekends are hard.</p>",
    )
    bad = Message.objects.create(
        group=group, topic=topic, author=author, body_source=HARMFUL, body_html=f"<p>{HARMFUL}</p>"
    )
    return topic, bad


def _report_by_keyboard(page, message):
    use_skip_link(page)
    tab_to(page, page.locator(f"#m{message.pk}").get_by_role("link", name="Report"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/report/"))
    check_page(page, "report-form")
    tab_to(page, page.get_by_label("What is the problem?"))
    page.keyboard.type("Offering to sell drugs.")
    tab_to(page, page.get_by_role("button", name="Send report"))
    page.keyboard.press("Enter")
    page.get_by_text("Thank you for telling us").wait_for()


def test_reports_hide_a_message_and_the_moderator_removes_it_from_open_pages(
    browse, group, member, other_member, moderator, password
):
    group.report_threshold = 2
    group.save(update_fields=["report_threshold"])
    second = UserFactory(display_name="Second Reader", email="second@example.net")
    Membership.objects.create(group=group, user=second, rules_version_accepted=1)
    topic, bad = _topic_with_messages(group, member, second)
    url = f"/groups/{group.slug}/topics/{topic.pk}/"

    author = browse(member)
    author.goto(url)
    reporter = browse()
    sign_in_by_keyboard(reporter, other_member.email, password)
    reporter.goto(url)
    check_page(reporter, "topic")

    # A reply sent with the keyboard alone.
    use_skip_link(reporter)
    tab_to(reporter, reporter.locator("#reply-form textarea"))
    reporter.keyboard.type("You are not alone with that.")
    tab_to(reporter, reporter.get_by_role("button", name="Send reply"))
    reporter.keyboard.press("Enter")
    reporter.locator("article", has_text="You are not alone with that.").wait_for()
    author.locator("article", has_text="You are not alone with that.").wait_for()

    _report_by_keyboard(reporter, bad)
    other = browse(second)
    other.goto(url)
    other.locator(f"#m{bad.pk}").get_by_role("link", name="Report").click()
    other.get_by_label("What is the problem?").fill("Selling.")
    other.get_by_role("button", name="Send report").click()
    other.get_by_text("Thank you for telling us").wait_for()
    bad.refresh_from_db()
    assert bad.status == Message.Status.HIDDEN
    assert other.locator(f"#m{bad.pk}").count() == 0

    mod = browse(moderator)
    mod.goto(f"/moderation/{group.slug}/")
    mod.get_by_role("link", name=re.compile("I can sell you some")).click()
    check_page(mod, "moderation-reported")
    mod.get_by_label("Remove it").check()
    mod.get_by_label("Reason in your own words").fill("Selling is not allowed here.")
    mod.get_by_role("button", name="Decide").click()
    bad.refresh_from_db()
    assert bad.status == Message.Status.REMOVED

    author.locator(f"#m{bad.pk}").wait_for(state="detached")
    reporter.locator(f"#m{bad.pk}").wait_for(state="detached")
    reporter.reload()
    assert reporter.get_by_text(HARMFUL).count() == 0
