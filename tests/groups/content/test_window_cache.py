"""The rendered message window (groups/content/window_cache.py, rendering.py): the topic's version moves with
every change its readers would see, erased and removed text never comes back from the cache, each reader
still gets their own actions from shared fragments, and the gate is asked before the cache is read."""

import re

import pytest
from django.urls import reverse

from groups.content.window_cache import WindowCache, windows
from groups.models import Membership, Message, Reaction, Topic
from moderation.pipeline import Kind, submit


@pytest.fixture
def topic(member, group):
    return submit(member, group, "First message", kind=Kind.TOPIC, title="Sleep").message.topic


def _version(topic):
    return Topic.objects.values_list("version", flat=True).get(pk=topic.pk)


def _topic_url(topic):
    return reverse("groups:topic-detail", args=[topic.group.slug, topic.pk])


def _chat_url(group):
    return reverse("groups:chat", args=[group.slug])


def test_version_moves_with_every_change_of_a_message(topic, member, group):
    steps = [_version(topic)]
    message = Message.objects.create(group=group, topic=topic, author=member, body_source="b", body_html="<p>b</p>")
    steps.append(_version(topic))
    Message.objects.filter(pk=message.pk).update(status=Message.Status.HIDDEN)  # no signal: the trigger still sees it
    steps.append(_version(topic))
    message.refresh_from_db()
    message.body_html = "<p>edited</p>"
    message.save()
    steps.append(_version(topic))
    message.delete()
    steps.append(_version(topic))
    assert steps == sorted(set(steps)), steps


def test_version_moves_when_an_author_or_a_badge_changes(topic, member, other_member, group):
    before = _version(topic)
    member.display_name = "NewName"
    member.save()
    renamed = _version(topic)
    Membership.objects.filter(group=group, user=other_member).update(role=Membership.Role.MODERATOR)
    appointed = _version(topic)
    other_member.last_login = None
    other_member.save()  # nothing a reader sees
    assert before < renamed < appointed == _version(topic)


def test_version_never_goes_back_when_an_old_topic_object_is_saved(topic, member, group):
    stale = Topic.objects.get(pk=topic.pk)
    Message.objects.create(group=group, topic=topic, author=member, body_source="b", body_html="<p>b</p>")
    seen = _version(topic)
    stale.pinned = True
    stale.save()
    assert _version(topic) > seen


def test_reactions_are_drawn_outside_and_bump_nothing(chat, member, other_member, group):
    message = submit(member, group, "Hello all", topic=chat).message
    before = _version(chat)
    Reaction.objects.create(message=message, user=other_member, code=Reaction.Code.HEAR)
    assert _version(chat) == before


def test_removed_and_erased_text_leaves_the_page_and_the_cache(login, topic, member, other_member, group):
    secret = submit(other_member, group, "My private words", topic=topic).message
    client = login(member)
    assert "My private words" in client.get(_topic_url(topic)).content.decode()
    assert any("My private words" in "".join(f.parts) for f in windows.held_texts())
    Message.objects.filter(pk=secret.pk).update(body_html="", body_source="", status=Message.Status.REMOVED)
    page = client.get(_topic_url(topic)).content.decode()
    assert "My private words" not in page
    assert not any("My private words" in "".join(f.parts) for f in windows.held_texts())


def test_a_change_saved_here_empties_the_topics_fragments_once_committed(
    login, topic, member, group, django_capture_on_commit_callbacks
):
    login(member).get(_topic_url(topic))
    assert windows.held_texts()
    message = Message.objects.filter(topic=topic).first()
    with django_capture_on_commit_callbacks(execute=True):
        message.body_html = "<p>gone</p>"
        message.save()
    assert not windows.held_texts()


def test_each_reader_gets_their_own_actions_from_the_same_fragments(login, topic, member, other_member, moderator):
    own = login(member).get(_topic_url(topic)).content.decode()
    other = login(other_member).get(_topic_url(topic)).content.decode()
    moderating = login(moderator).get(_topic_url(topic)).content.decode()
    message = Message.objects.filter(topic=topic).first()
    edit = reverse("groups:message-edit", args=[topic.group.slug, message.pk])
    report = reverse("groups:message-report", args=[topic.group.slug, message.pk])
    remove = reverse("moderation:message-remove", args=[topic.group.slug, message.pk])
    assert edit in own and report not in own and remove not in own
    assert edit not in other and report in other and remove not in other
    assert remove in moderating and edit not in moderating
    assert own.count("First message") == other.count("First message") == 1


def test_a_page_from_the_cache_is_the_page_without_it(login, topic, member, other_member, group):
    submit(other_member, group, "A reply", topic=topic)
    client = login(member)
    cold = client.get(_topic_url(topic)).content.decode()
    warm = client.get(_topic_url(topic)).content.decode()
    windows.clear()
    again = client.get(_topic_url(topic)).content.decode()
    strip = _without_csrf
    assert strip(cold) == strip(warm) == strip(again)


def _without_csrf(html):
    return re.sub(r"[A-Za-z0-9]{64}", "", html)  # the masked CSRF token differs on every response


def test_outsider_never_reaches_a_filled_cache(login, topic, member, outsider, hidden_group):
    assert "First message" in login(member).get(_topic_url(topic)).content.decode()
    refused = login(outsider).get(_topic_url(topic))
    assert refused.status_code == 403 and "First message" not in refused.content.decode()
    hidden_topic = Topic.objects.create(group=hidden_group, title="Hush")
    Message.objects.create(group=hidden_group, topic=hidden_topic, body_source="Hidden", body_html="<p>Hidden</p>")
    windows.fragments(hidden_topic.pk, _version(hidden_topic), ("topic", "en", "any"))[0] = "filled"
    hidden = login(outsider).get(_topic_url(hidden_topic))
    assert hidden.status_code == 404 and "Hidden" not in hidden.content.decode()


def test_chat_reaction_state_is_the_readers_own(login, chat, member, other_member, group):
    message = submit(member, group, "Hello all", topic=chat).message
    Reaction.objects.create(message=message, user=other_member, code=Reaction.Code.HEAR)
    giver = login(other_member).get(_chat_url(group)).content.decode()
    author = login(member).get(_chat_url(group)).content.decode()
    assert "chat-reaction-given" in giver
    assert "chat-reaction-given" not in author
    assert 'class="chat-reaction-count">1<' in author


def test_chat_history_json_reads_current_reactions_from_cached_messages(login, chat, member, other_member, group):
    message = submit(member, group, "Hello all", topic=chat).message
    url = reverse("groups:chat-history", args=[group.slug])
    client = login(other_member)
    assert client.get(url).json()["messages"][0]["reactions"] == {}
    Reaction.objects.create(message=message, user=other_member, code=Reaction.Code.HEAR)
    assert client.get(url).json()["messages"][0]["reactions"] == {"hear": 1}


def test_the_cache_keeps_one_version_per_topic_and_refuses_older_writes():
    cache = WindowCache(max_topics=2)
    cache.fragments(1, 5, "v")[10] = "five"
    assert cache.fragments(1, 4, "v") == {}  # an older reader never sees or writes the newer slot
    assert cache.fragments(1, 6, "v") == {}  # a newer version drops the older one
    cache.fragments(2, 1, "v")[1] = "x"
    cache.fragments(3, 1, "v")[1] = "y"
    assert len(cache.held_texts()) == 2  # bounded: the least recent topic went


def test_the_cache_keeps_to_its_size_in_characters():
    cache = WindowCache(max_bytes=100)
    cache.fragments(1, 1, "v")[1] = "a" * 80
    cache.added(1, 1, 80)
    cache.fragments(2, 1, "v")[1] = "b" * 80
    cache.added(2, 1, 80)
    assert cache.held_texts() == ["b" * 80] and cache.size == 80
