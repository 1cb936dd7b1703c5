"""A page of one topic reads that topic's rows, however many messages other groups wrote since (PostgreSQL).

The gate's queries say both the group and the topic; taken as independent, PostgreSQL expected a chat to hold a
handful of rows and read the whole of it, or walked the primary key past every newer message of other groups
(groups/migrations/0017). Counted in the plan PostgreSQL ran, not timed. Skipped on SQLite."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from groups import access
from groups.content.messages import window
from groups.models import Message

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner"),
]
OURS, THEIRS = 1500, 6000


def _write(group, author, count):
    topic = group.chat_topic()
    Message.objects.bulk_create(
        Message(group=group, topic=topic, author=author, body_source=f"m{i}", body_html=f"<p>m{i}</p>")
        for i in range(count)
    )
    return topic


@pytest.fixture
def quiet_chat(group, other_group, member, other_group_member):
    """Our chat's messages, then many more in another group's: ours are the oldest rows of the table."""
    chat = _write(group, member, OURS)
    _write(other_group, other_group_member, THEIRS)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE groups_message")
    return chat


def _message_rows_read(plan):
    """Rows the plan read from groups_message itself (kept and filtered out), replies and subqueries aside."""
    total, nodes = 0, [plan["Plan"]]
    while nodes:
        node = nodes.pop()
        nodes.extend(node.get("Plans", []))
        if node.get("Relation Name") == "groups_message" and node.get("Alias") == "groups_message":
            total += (node["Actual Rows"] + node.get("Rows Removed by Filter", 0)) * node["Actual Loops"]
    return total


def _rows_read_by(member, group, chat, **bounds):
    with CaptureQueriesContext(connection) as captured:
        page = window(access.visible_messages(member, group), chat, **bounds)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + captured.captured_queries[-1]["sql"])
        value = cursor.fetchone()[0]
    (plan,) = json.loads(value) if isinstance(value, str) else value
    return page, _message_rows_read(plan)


def test_the_newest_page_of_a_quiet_chat_reads_its_own_rows(member, group, quiet_chat):
    page, read = _rows_read_by(member, group, quiet_chat)
    assert [m.body_source for m in page.messages][-1] == f"m{OURS - 1}" and len(page.messages) == 50
    assert read < 300  # a page and its look-ahead, not the other group's 6,000


def test_a_resume_in_a_quiet_chat_reads_only_what_it_missed(member, group, quiet_chat):
    tenth_newest = Message.objects.filter(topic=quiet_chat).order_by("-id")[10].pk
    page, read = _rows_read_by(member, group, quiet_chat, after=tenth_newest)
    assert len(page.messages) == 10 and not page.more
    assert read < 300


def test_an_older_page_reads_its_own_rows(member, group, quiet_chat):
    oldest_shown = Message.objects.filter(topic=quiet_chat).order_by("-id")[49].pk
    page, read = _rows_read_by(member, group, quiet_chat, before=oldest_shown)
    assert len(page.messages) == 50 and page.more
    assert read < 300
