"""The moderation queue on a phone and a desktop: inline approve, batch approve, one clear label per item."""

import pytest

from groups.models import Message, Topic
from moderation.models import QueueItem

from .helpers import check_page

pytestmark = pytest.mark.browser


def _held(group, topic, author, text):
    message = Message.objects.create(
        group=group, topic=topic, author=author, body_source=text, body_html=f"<p>{text}</p>", status="held"
    )
    return QueueItem.objects.create(group=group, kind="held", message=message)


def test_a_moderator_approves_from_the_queue_itself_one_by_one_and_in_a_batch(browse, group, member, moderator):
    topic = Topic.objects.create(group=group, title="Evenings", created_by=member)
    first, second, third = (_held(group, topic, member, f"Held words number {n}") for n in (1, 2, 3))
    QueueItem.objects.create(group=group, kind="urgent", urgent=True, message=first.message)

    page = browse(moderator)
    page.goto(f"/moderation/{group.slug}/")
    check_page(page, "queue")
    items = page.locator("#queue-items > li")
    assert items.count() == 4
    urgent = items.first
    assert urgent.get_by_text("Urgent", exact=True).count() == 1 and not urgent.get_by_text("Urgent flag").count()
    assert not urgent.get_by_role("checkbox").count()  # urgent items are looked after from their own page
    # The time sits under the text, never in a column beside it that squeezes the message.
    body, when = items.nth(1).locator("a").first.bounding_box(), items.nth(1).locator("time").bounding_box()
    assert when["y"] > body["y"]

    assert page.get_by_role("checkbox").count() == 2  # not the message with an urgent item either
    page.get_by_role("checkbox").nth(0).check()
    page.get_by_role("checkbox").nth(1).check()
    page.get_by_role("button", name="Approve ticked").click()
    page.get_by_text("2 items done. The members have been told.").wait_for()
    assert [Message.objects.get(pk=i.message_id).status for i in (second, third)] == ["published", "published"]
    assert Message.objects.get(pk=first.message_id).status == "held"  # it has an urgent item: not in a batch

    held_first = page.locator("#queue-items > li").filter(has_text="Held words number 1")
    assert held_first.count() == 2 and not held_first.get_by_role("button", name="Approve").count()
    assert QueueItem.objects.filter(message=first.message, urgent=True, status="open").exists()
    check_page(page, "queue-after-batch")
