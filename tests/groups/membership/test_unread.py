"""Unread counts (issue 18): per group on the home page and per topic in the topic list, what the person
has not read since their read mark, in a constant number of queries however many groups or topics."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accounts import ignoring
from groups import access
from groups.membership import members
from groups.models import Group, Membership, Message, Topic
from moderation.pipeline import Kind, submit


def _unread_on_home(user, groups):
    rows = access.own_memberships(user, groups)
    return members.unread_by_group(user, list(rows), ignoring.ignored_subquery(user))


def _unread_in(user, group, topic_ids):
    membership = access.own_memberships(user, [group]).first()
    return members.unread_by_topic(user, membership, topic_ids, ignoring.ignored_subquery(user))


def _topic_unread(client, group):
    response = client.get(reverse("groups:topic-list", args=[group.slug]))
    return {t.title: t.unread for t in response.context["topics"]}


def test_a_group_counts_what_others_wrote_since_the_read_mark(login, member, other_member, group, chat):
    client = login(member)
    for text in ("one", "two"):
        submit(other_member, group, text, topic=chat)
    submit(member, group, "mine does not count", topic=chat)
    assert _unread_on_home(member, [group]) == {group.pk: 2}
    client.get(reverse("groups:chat", args=[group.slug]))  # reading the chat moves the mark
    assert _unread_on_home(member, [group]) == {}
    submit(other_member, group, "three", topic=chat)
    assert _unread_on_home(member, [group]) == {group.pk: 1}


def test_the_home_page_shows_the_badge(login, member, other_member, group, chat):
    submit(other_member, group, "hello", topic=chat)
    page = login(member).get(reverse("home")).content.decode()
    assert 'group-unread">1 new<span class="visually-hidden"> since you last read it</span>' in page


def test_a_topic_counts_until_its_pages_are_read(login, member, other_member, group):
    first = submit(member, group, "Sleep tips?", kind=Kind.TOPIC, title="Sleep").message
    for text in ("tea", "walks"):
        submit(other_member, group, text, topic=first.topic)
    client = login(member)
    assert _topic_unread(client, group) == {"Sleep": 2}
    page = client.get(reverse("groups:topic-list", args=[group.slug])).content.decode()
    assert 'topic-unread">2 new' in page
    client.get(reverse("groups:topic-detail", args=[group.slug, first.topic_id]))
    assert _topic_unread(client, group) == {"Sleep": 0}
    assert _unread_on_home(member, [group]) == {}
    submit(other_member, group, "music", topic=first.topic)
    assert _topic_unread(client, group) == {"Sleep": 1}


def test_reading_an_older_page_never_moves_the_mark_back(member, other_member, group):
    first = submit(member, group, "Start", kind=Kind.TOPIC, title="Long").message
    replies = [submit(other_member, group, f"reply {n}", topic=first.topic).message for n in range(3)]
    members.mark_topic_read(member, first.topic, replies[0].pk)  # an older page of a topic never opened
    assert _unread_in(member, group, [first.topic_id]) == {first.topic_id: 3}
    members.mark_topic_read(member, first.topic, replies[-1].pk, newest=True)
    members.mark_topic_read(member, first.topic, replies[0].pk)
    assert _unread_in(member, group, [first.topic_id]) == {}


def test_reading_the_chat_does_not_read_the_topics(login, member, other_member, group, chat):
    first = submit(other_member, group, "A topic", kind=Kind.TOPIC, title="Topic").message
    submit(other_member, group, "chat after it", topic=chat)
    login(member).get(reverse("groups:chat", args=[group.slug]))
    assert _unread_in(member, group, [first.topic_id]) == {first.topic_id: 1}


def test_a_topic_never_opened_counts_only_what_came_after_joining(member, other_member, group):
    first = submit(other_member, group, "Old", kind=Kind.TOPIC, title="Old").message
    Message.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(days=30))
    Membership.objects.filter(user=member, group=group).update(joined_at=timezone.now() - timedelta(days=1))
    submit(other_member, group, "New", topic=first.topic)
    assert _unread_in(member, group, [first.topic_id]) == {first.topic_id: 1}


def test_ignoring_someone_takes_their_unread_messages_off_the_count_at_once(member, other_member, group, chat):
    submit(other_member, group, "hello", topic=chat)
    assert _unread_on_home(member, [group]) == {group.pk: 1}
    ignoring.ignore(member, group, other_member.pk)
    assert _unread_on_home(member, [group]) == {}
    assert ignoring.ignored_ids(member) == {other_member.pk}  # the cached list follows too
    ignoring.stop_ignoring(member, other_member.pk)
    assert ignoring.ignored_ids(member) == set() and _unread_on_home(member, [group]) == {group.pk: 1}


def test_held_removed_private_and_ignored_messages_do_not_count(member, other_member, moderator, group, chat):
    submit(other_member, group, "ignored", topic=chat)
    ignoring.ignore(member, group, other_member.pk)
    held = submit(moderator, group, "will be held", topic=chat).message
    Message.objects.filter(pk=held.pk).update(status=Message.Status.HELD)
    support = Topic.objects.create(group=group, title="Support", support_member=member)
    Message.objects.create(group=group, topic=support, author=moderator, body_source="private", body_html="p")
    assert _unread_on_home(member, [group]) == {}


def test_another_person_s_reading_is_their_own(login, member, other_member, moderator, group, chat):
    submit(moderator, group, "hello", topic=chat)
    login(member).get(reverse("groups:chat", args=[group.slug]))
    assert _unread_on_home(member, [group]) == {}
    assert _unread_on_home(other_member, [group]) == {group.pk: 1}


def test_a_group_one_no_longer_belongs_to_counts_nothing(member, other_member, group, other_group, chat):
    submit(other_member, group, "hello", topic=chat)
    assert _unread_on_home(member, [group, other_group]) == {group.pk: 1}
    assert _unread_on_home(other_member, [other_group]) == {}


def _add_groups(n, user, author, start=0):
    """`n` more groups with `user` and `author` in them, each with one chat message by `author`."""
    for i in range(start, start + n):
        g = Group.objects.create(name=f"Circle {i}", slug=f"circle-{i}", kind="recovery", premoderation_count=0)
        for person in (user, author):
            Membership.objects.create(group=g, user=person, rules_version_accepted=0)
        Message.objects.create(group=g, topic=g.chat_topic(), author=author, body_source="x", body_html="x")


def _add_topics(group, user, author, n, start=0):
    """`n` more topics started by `user`, each with one reply by `author`."""
    for i in range(start, start + n):
        topic = Topic.objects.create(group=group, title=f"T{i:02d}", created_by=user)
        for person in (user, author):
            Message.objects.create(group=group, topic=topic, author=person, body_source="x", body_html="x")


def test_the_home_page_takes_as_many_queries_for_one_group_as_for_twelve(
    login, member, other_member, django_assert_max_num_queries
):
    client = login(member)
    _add_groups(1, member, other_member)
    client.get(reverse("home"))
    with django_assert_max_num_queries(100) as one:
        page = client.get(reverse("home")).content.decode()
    assert page.count('class="badge rounded-pill text-bg-primary group-unread"') == 1
    _add_groups(11, member, other_member, start=1)
    with django_assert_max_num_queries(len(one)):
        page = client.get(reverse("home")).content.decode()
    assert page.count('class="badge rounded-pill text-bg-primary group-unread"') == 12


def test_the_topic_list_takes_as_many_queries_for_one_topic_as_for_twenty(
    login, member, other_member, group, django_assert_max_num_queries
):
    client = login(member)
    _add_topics(group, member, other_member, 1)
    client.get(reverse("groups:topic-list", args=[group.slug]))
    with django_assert_max_num_queries(100) as one:
        client.get(reverse("groups:topic-list", args=[group.slug]))
    _add_topics(group, member, other_member, 19, start=1)
    with django_assert_max_num_queries(len(one)):
        unread = _topic_unread(client, group)
    assert len(unread) == 20 and set(unread.values()) == {1}
