"""bench_seed at a tiny scale: the shape of the benchmark data set, and no reseeding."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from groups.management.commands.bench_seed import bench_slug
from groups.models import Group, JoinRequest, Membership, Message, Topic
from moderation.models import QueueItem, Report

TINY = {"groups": 4, "members": 60, "messages": 400, "queue": 40, "topics": 3, "focus_members": 20}


def seed(**options):
    out = io.StringIO()
    call_command("bench_seed", **{**TINY, **options}, stdout=out)
    return out.getvalue()


def test_bench_seed_creates_groups_members_messages_and_open_items(db):
    seed()
    assert Group.objects.filter(slug__startswith="bench-").count() == 4
    assert get_user_model().objects.filter(email__endswith="@bench.invalid").count() == 60
    assert Membership.objects.filter(group__slug=bench_slug(0)).count() == 20
    assert Message.objects.count() == 400
    assert QueueItem.objects.filter(status=QueueItem.Status.OPEN).count() == 40
    assert Topic.objects.filter(is_chat=True).count() == 4


def test_bench_seed_focus_group_has_chat_topics_and_every_kind_of_queue_item(db):
    seed(focus_share=0.5)
    group = Group.objects.get(slug=bench_slug(0))
    assert group.messages.count() == 200
    assert group.chat_topic().messages.count() == 80
    kinds = set(QueueItem.objects.filter(group=group).values_list("kind", flat=True))
    assert kinds == {"held", "reported", "join_request"}
    held = QueueItem.objects.filter(group=group, kind="held").values_list("message__status", flat=True)
    assert set(held) == {Message.Status.HELD}
    assert Report.objects.filter(message__group=group).exists()
    assert JoinRequest.objects.filter(group=group, status="pending").exclude(user__memberships__group=group).exists()


def test_bench_seed_members_may_post_after_seeding(db):
    from groups import access

    seed()
    group = Group.objects.get(slug=bench_slug(0))
    member = Membership.objects.filter(group=group, role="member").first().user
    assert access.can(member, group, access.Need.POST)


def test_bench_seed_skips_when_the_data_set_is_already_there(db):
    seed()
    assert "not reseeding" in seed()
    assert Message.objects.count() == 400


def test_bench_seed_refuses_a_different_data_set_in_the_same_database(db):
    seed()
    with pytest.raises(CommandError, match="Drop and recreate"):
        seed(groups=5)


def test_bench_seed_new_rows_get_fresh_ids_after_seeding(db, member, group):
    seed()
    topic = Topic.objects.create(group=group, title="After the seed")
    assert Message.objects.create(group=group, topic=topic, body_source="x", body_html="x").pk > 400
