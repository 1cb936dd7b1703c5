"""The queue on a phone: 25 items a page with keyset paging, inline and batch approve/dismiss, single labels."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from groups.models import Message, Topic
from moderation import batch, queue
from moderation.models import ModerationLog, QueueItem, Report


@pytest.fixture
def topic(group, member):
    return Topic.objects.create(group=group, title="Week one", created_by=member)


def _message(group, topic, author, text="held words", status=Message.Status.HELD):
    return Message.objects.create(
        group=group, topic=topic, author=author, body_source=text, body_html=f"<p>{text}</p>", status=status
    )


def _items(group, topic, author, n, kind="held", **extra):
    start = timezone.now() - timedelta(hours=n)
    status = Message.Status.HELD if kind == "held" else Message.Status.PUBLISHED
    return [
        QueueItem.objects.create(
            group=group,
            kind=kind,
            message=_message(group, topic, author, f"words {i}", status),
            created_at=start + timedelta(minutes=i),
            **extra,
        )
        for i in range(n)
    ]


def _queue(client, group, **params):
    return client.get(reverse("moderation:group-queue", args=[group.slug]), params)


def test_the_queue_shows_25_items_and_pages_on_without_repeating_or_skipping(login, moderator, group, topic, member):
    items = _items(group, topic, member, 60)
    client = login(moderator)
    first = _queue(client, group)
    assert len(first.context["items"]) == 25 and first.context["more"]
    html = first.content.decode()
    assert f"after={items[24].pk}" in html and "Next items" in html
    # Two items arrive while the moderator reads: an urgent one (the top of page one) and an ordinary one (the end).
    late = _items(group, topic, member, 1)[0]
    QueueItem.objects.filter(pk=late.pk).update(created_at=timezone.now())
    urgent = QueueItem.objects.create(group=group, kind="urgent", message=items[0].message, urgent=True)
    seen = [i.pk for i in first.context["items"]]
    after = first.context["next_after"]
    while after:
        page = _queue(client, group, after=after)
        seen += [i.pk for i in page.context["items"]]
        after = page.context.get("next_after")
    assert len(seen) == len(set(seen)) == 61
    assert seen == [i.pk for i in items] + [late.pk]
    assert _queue(client, group).context["items"][0].pk == urgent.pk


def test_a_queue_page_costs_the_same_queries_for_5_or_25_items(login, moderator, group, topic, member):
    client = login(moderator)
    _items(group, topic, member, 5)
    _queue(client, group)  # warm the session and translations
    with CaptureQueriesContext(connection) as few:
        _queue(client, group)
    _items(group, topic, member, 40)
    with CaptureQueriesContext(connection) as many:
        _queue(client, group)
    assert len(many) == len(few)


def test_paging_after_an_item_of_another_group_starts_from_the_top(
    login, moderator, group, topic, member, other_group, other_group_member
):
    other_topic = Topic.objects.create(group=other_group, title="Theirs", created_by=other_group_member)
    theirs = _items(other_group, other_topic, other_group_member, 1)[0]
    mine = _items(group, topic, member, 3)
    response = _queue(login(moderator), group, after=theirs.pk)
    assert [i.pk for i in response.context["items"]] == [i.pk for i in mine]


def test_an_urgent_item_has_one_label_not_urgent_twice(login, moderator, group, topic, member):
    QueueItem.objects.create(group=group, kind="urgent", urgent=True, message=_message(group, topic, member))
    items = _queue(login(moderator), group).content.decode().split('id="queue-items"', 1)[1]
    assert items.count(">Urgent<") == 1 and "Urgent flag" not in items


def test_inline_approve_publishes_one_held_message_and_logs_it(login, moderator, group, topic, member):
    one, other = _items(group, topic, member, 2)
    response = login(moderator).post(
        reverse("moderation:queue-batch"), {"act": f"approve:{one.pk}", "items": [other.pk], "group": group.slug}
    )
    assert response.status_code == 302 and response["Location"] == reverse("moderation:group-queue", args=[group.slug])
    one.message.refresh_from_db()
    other.message.refresh_from_db()
    assert one.message.status == Message.Status.PUBLISHED
    assert other.message.status == Message.Status.HELD  # the inline button decides its own item only
    assert ModerationLog.objects.filter(action="approve", message=one.message, actor=moderator).count() == 1


def test_batch_approve_and_dismiss_decide_the_ticked_items(login, moderator, group, topic, member, other_member):
    held = _items(group, topic, member, 3)
    reported = _items(group, topic, member, 2, kind="reported")
    for item in reported:
        Report.objects.create(message=item.message, reporter=other_member, rule="Be kind.")
    client = login(moderator)
    approved = client.post(
        reverse("moderation:queue-batch"), {"act": "approve", "items": [i.pk for i in held[:2]]}, follow=True
    )
    assert "2 items done. The members have been told." in approved.content.decode()
    dismissed = client.post(
        reverse("moderation:queue-batch"), {"act": "dismiss", "items": [i.pk for i in reported]}, follow=True
    )
    assert "Reports dismissed on 2 items." in dismissed.content.decode()
    assert "have been told" not in dismissed.content.decode()  # dismissing tells nobody
    statuses = [Message.objects.get(pk=i.message_id).status for i in held]
    assert statuses == [Message.Status.PUBLISHED, Message.Status.PUBLISHED, Message.Status.HELD]
    assert not Report.objects.filter(message__in=[i.message for i in reported], dismissed_at__isnull=True).exists()
    assert QueueItem.objects.filter(pk__in=[i.pk for i in reported], status="open").count() == 0


def test_a_batch_leaves_urgent_claimed_and_unfit_items_alone_and_says_why(
    login, moderator, owner, group, topic, member
):
    urgent = QueueItem.objects.create(group=group, kind="held", urgent=True, message=_message(group, topic, member))
    claimed = _items(group, topic, member, 1)[0]
    QueueItem.objects.filter(pk=claimed.pk).update(claimed_by=owner)
    held = _items(group, topic, member, 1)[0]
    outcome = batch.decide(moderator, [urgent.pk, claimed.pk, held.pk], batch.DISMISS)
    assert outcome.done == 0 and len(outcome.skipped) == 3
    cared_for = _items(group, topic, member, 1)[0]  # held, and its message also raised an urgent item
    QueueItem.objects.create(group=group, kind="urgent", urgent=True, message=cared_for.message)
    outcome = batch.decide(moderator, [cared_for.pk], batch.APPROVE)
    assert outcome.done == 0 and outcome.skipped == ["An urgent item is looked after from its own page."]
    assert QueueItem.objects.filter(message=cared_for.message, urgent=True, status="open").exists()
    response = login(moderator).post(
        reverse("moderation:queue-batch"), {"act": "approve", "items": [urgent.pk, claimed.pk]}, follow=True
    )
    html = response.content.decode()
    assert "An urgent item is looked after from its own page." in html and "Another moderator has claimed it." in html
    assert Message.objects.get(pk=urgent.message_id).status == Message.Status.HELD
    assert Message.objects.get(pk=claimed.message_id).status == Message.Status.HELD


@pytest.mark.parametrize("who", ["member", "other_group_moderator", "outsider", "professional", "banned"])
def test_nobody_but_the_groups_moderators_can_decide_its_items(request, login, group, topic, member, who):
    person = request.getfixturevalue(who)
    item = _items(group, topic, member, 1)[0]
    response = login(person).post(reverse("moderation:queue-batch"), {"act": "approve", "items": [item.pk]})
    assert response.status_code == 302
    assert Message.objects.get(pk=item.message_id).status == Message.Status.HELD
    assert batch.decide(person, [item.pk], batch.APPROVE).done == 0
    assert not ModerationLog.objects.filter(message_id=item.message_id).exists()


def test_a_batch_with_nothing_ticked_or_an_unknown_decision_changes_nothing(login, moderator, group, topic, member):
    item = _items(group, topic, member, 1)[0]
    client = login(moderator)
    nothing = client.post(reverse("moderation:queue-batch"), {"act": "approve"}, follow=True)
    assert "Tick the items first" in nothing.content.decode()
    odd = client.post(reverse("moderation:queue-batch"), {"act": "erase", "items": [item.pk]}, follow=True)
    assert "Choose approve or dismiss." in odd.content.decode()
    assert Message.objects.get(pk=item.message_id).status == Message.Status.HELD


def test_open_page_reads_one_page_and_says_when_more_follow(group, topic, member):
    _items(group, topic, member, 26)
    items, more = queue.open_page([group])
    assert len(items) == 25 and more
    rest, more = queue.open_page([group], after=items[-1].pk)
    assert len(rest) == 1 and not more


def test_the_member_list_links_each_members_notes_for_moderators(login, moderator, member, group):
    notes = reverse("moderation:member-notes", args=[group.slug, member.pk])
    assert notes in login(moderator).get(reverse("groups:member-list", args=[group.slug])).content.decode()
