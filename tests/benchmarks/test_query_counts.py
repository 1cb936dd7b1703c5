"""SQL queries per measured page: at most 12, and the same on small and larger data (issue 11)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from benchmarks.prepare import PAGES, enable_two_factor, resolve
from groups.management.commands.bench_seed import bench_slug
from groups.models import Group, Membership, Message, Topic
from moderation.models import QueueItem
from tests.factories import UserFactory

MAX_QUERIES = 12


@pytest.fixture
def bench_group(db):
    options = {"groups": 2, "members": 40, "messages": 300, "queue": 30, "topics": 3, "focus_members": 30}
    call_command("bench_seed", **options, focus_share=0.8, stdout=io.StringIO())
    return Group.objects.get(slug=bench_slug(0))


def grow(group):
    """Many more topics, messages, queue items and members in the same group."""
    now = timezone.now()
    topics = Topic.objects.bulk_create(
        Topic(group=group, title=f"More {i}", last_activity_at=now, reply_count=10) for i in range(40)
    )
    people = [UserFactory() for _ in range(15)]
    Membership.objects.bulk_create(Membership(group=group, user=u, rules_version_accepted=1) for u in people)
    targets = [group.chat_topic(), Topic.objects.filter(group=group, is_chat=False).order_by("id").first(), *topics]
    Message.objects.bulk_create(
        Message(
            group=group,
            topic=targets[i % 3 if i < 1200 else i % len(targets)],
            author=people[i % 15],
            body_source="More text",
            body_html="<p>More text</p>",
            created_at=now,
        )
        for i in range(1600)
    )
    held = Message.objects.bulk_create(
        Message(
            group=group,
            topic=targets[1],
            author=people[i % 15],
            body_source="Held",
            body_html="<p>Held</p>",
            status=Message.Status.HELD,
        )
        for i in range(120)
    )
    QueueItem.objects.bulk_create(QueueItem(group=group, kind="held", message=m, urgent=m.pk % 7 == 0) for m in held)


def measure(client, path):
    client.get(path)  # warm-up, as on a running server
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    return len(queries), [q["sql"][:160] for q in queries]


@pytest.mark.parametrize(("label", "name", "candidates", "who"), PAGES, ids=[p[0] for p in PAGES])
def test_bench_page_query_count_is_small_and_independent_of_data_size(
    client, settings, bench_group, label, name, candidates, who
):
    settings.MFA_REQUIRED_FOR_MODERATORS = True  # as in production: the two-factor check costs queries too
    chat = bench_group.chat_topic()
    topic = Topic.objects.filter(group=bench_group, is_chat=False).order_by("id").first()
    path = resolve(name, candidates, {"slug": bench_group.slug, "topic": topic.pk, "chat": chat.pk})
    if path is None:
        pytest.skip(f"{name} is not built yet")
    role = "member" if who == "reader" else "moderator"
    user = Membership.objects.filter(group=bench_group, role=role).order_by("-id").first().user
    enable_two_factor(user)
    client.force_login(user)
    small, sql = measure(client, path)
    grow(bench_group)
    large, _ = measure(client, path)
    assert small <= MAX_QUERIES, f"{label}: {small} queries: " + "\n".join(sql)
    assert large == small, f"{label}: {small} queries on small data, {large} on larger data"
