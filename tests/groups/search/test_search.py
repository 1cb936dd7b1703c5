"""Search finds what a person may read and nothing else, on SQLite and on PostgreSQL alike."""

import pytest
from django.urls import reverse
from django.utils import timezone

from groups import access
from groups.models import Group, Message, Topic
from groups.search import query
from moderation.models import ModerationLog, QueueItem
from tests.factories import with_totp
from tests.groups.search.helpers import found, post

pytestmark = pytest.mark.django_db


def test_a_member_finds_a_chat_message_of_their_group_and_nothing_of_other_groups(
    group, other_group, hidden_group, member, owner, other_group_member
):
    mine = post(group, owner, "The naloxone training is on Tuesday at the drop-in.")
    post(other_group, other_group_member, "Naloxone kits are free at the pharmacy.")
    post(hidden_group, None, "Naloxone saved my brother once.")
    assert found(member, "naloxone") == [mine.pk]
    assert found(member, "NALOXONE training") == [mine.pk]
    assert found(member, "pharmacy") == []


def test_members_never_find_held_hidden_removed_or_deleted_messages(group, member, owner):
    shown = post(group, owner, "Harm reduction works: test strips help.")
    for status in [Message.Status.HELD, Message.Status.HIDDEN, Message.Status.REMOVED]:
        post(group, owner, f"Test strips {status} message.", status=status)
    erased = post(group, owner, "Test strips are at the desk.")
    erased.erase()
    assert found(member, "strips") == [shown.pk]


def test_an_author_does_not_find_their_own_held_message_either(group, member):
    post(group, member, "My first words about relapse.", status=Message.Status.HELD)
    assert found(member, "relapse") == []


def test_support_conversations_and_the_desk_are_never_searched(group, member, moderator):
    with_totp(moderator)
    support = Topic.objects.create(group=group, title="Support", support_member=member)
    post(group, member, "I am scared about tonight, the methadone ran out.", topic=support)
    desk = Group.all_objects.create(name="Desk", slug="desk-x", kind="recovery", visibility="hidden", is_desk=True)
    consultation = Topic.objects.create(group=desk, title="Consultation", support_member=member)
    post(desk, member, "Methadone dose question for the nurse.", topic=consultation)
    assert found(member, "methadone") == []
    assert found(moderator, "methadone") == []
    assert found(moderator, "methadone", access.standing(moderator, group)) == []


def test_topic_messages_and_titles_are_found(group, member, owner):
    topic = Topic.objects.create(group=group, title="Sleeping after stopping", created_by=owner)
    first = post(group, owner, "What helped you sleep in the first weeks?", topic=topic)
    results = query.search(query.scope_of(member), "sleeping")
    assert [h.topic.pk for h in results.topics] == [topic.pk]
    assert [h.message_id for h in query.search(query.scope_of(member), "weeks").messages] == [first.pk]
    assert results.topics[0].url == topic.get_absolute_url()


def test_a_topic_whose_only_message_waits_for_a_moderator_is_not_found_by_title(group, member, owner):
    topic = Topic.objects.create(group=group, title="Selling spare pills", created_by=owner)
    post(group, owner, "Anyone?", topic=topic, status=Message.Status.HELD)
    assert query.search(query.scope_of(member), "pills").topics == []


def test_a_hostile_message_and_a_hostile_query_are_shown_as_text(client, group, member, owner):
    post(group, owner, 'Naloxone <script>alert("x")</script> <img src=x onerror=alert(1)> [a](javascript:alert(2))')
    client.force_login(member)
    for words in ["naloxone", "<script>naloxone</script>", "<img onerror=alert(1)> naloxone"]:
        page = client.post(reverse("groups:search"), {"q": words}).content.decode()
        results = page.split('id="search-results"', 1)[1].split("<footer", 1)[0]
        assert "<mark>Naloxone</mark>" in results
        assert "<script" not in results and "<img" not in results and 'href="javascript' not in results
        assert "<script>naloxone" not in page and "<img onerror" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in results.replace("<mark>", "").replace("</mark>", "")


def test_snippets_come_from_the_sanitized_text_not_the_source(group, member, owner):
    post(group, owner, "**Bold** words about tapering, and _more_ words.")
    hit = query.search(query.scope_of(member), "tapering").messages[0]
    assert "**" not in hit.snippet and "<strong>" not in hit.snippet
    assert "<mark>tapering</mark>" in hit.snippet


def test_moderators_also_find_their_queue_and_log_members_do_not(group, member, moderator):
    with_totp(moderator)
    held = post(group, member, "Buying benzos tonight, who has some?", status=Message.Status.HELD)
    item = QueueItem.objects.create(group=group, kind=QueueItem.Kind.HELD, message=held, reason="held")
    ModerationLog.objects.create(group=group, actor=moderator, action="member_muted", reason="Kept asking for benzos.")
    results = query.search(query.scope_of(moderator), "benzos")
    assert [h.url for h in results.queue] == [reverse("moderation:item-detail", args=[group.slug, item.pk])]
    assert [h.url for h in results.log] == [reverse("moderation:log", args=[group.slug])]
    assert results.messages == []
    nothing = query.search(query.scope_of(member), "benzos")
    assert not nothing


def test_a_moderator_without_a_second_factor_searches_as_a_member(group, moderator, two_factor_required):
    held = post(group, None, "Benzos again.", status=Message.Status.HELD)
    QueueItem.objects.create(group=group, kind=QueueItem.Kind.HELD, message=held, reason="held")
    assert not query.search(query.scope_of(moderator), "benzos")


def test_banned_and_former_members_find_nothing(group, member, owner):
    post(group, owner, "Meeting at the park on Sunday.")
    access.own_membership(member, group).delete()
    assert found(member, "park") == []


def test_staff_search_only_the_groups_they_belong_to_but_may_search_a_group_they_open(group, owner, staff):
    with_totp(staff)
    message = post(group, owner, "Detox waiting lists are long this month.")
    assert found(staff, "detox") == []
    assert found(staff, "detox", access.standing(staff, group)) == [message.pk]


def test_one_group_search_stays_in_that_group(group, other_group, member, owner):
    other_group.memberships.create(user=member, role="member", rules_version_accepted=1)
    here = post(group, owner, "Recovery cafe opens on Friday.")
    there = post(other_group, None, "Recovery cafe for families too.")
    assert set(found(member, "cafe")) == {here.pk, there.pk}
    assert found(member, "cafe", access.standing(member, group)) == [here.pk]


def test_results_come_in_pages_of_twenty(group, member, owner):
    now = timezone.now()
    ids = [post(group, owner, f"Walking group number {i}.").pk for i in range(25)]
    Message.objects.filter(pk__in=ids).update(created_at=now)
    first = query.search(query.scope_of(member), "walking", 1)
    second = query.search(query.scope_of(member), "walking", 2)
    assert len(first.messages) == 20 and first.has_next
    assert len(second.messages) == 5 and not second.has_next
    assert {h.message_id for h in first.messages} | {h.message_id for h in second.messages} == set(ids)


def test_too_short_or_wordless_queries_find_nothing(group, member, owner):
    post(group, owner, "a ? ! test")
    assert not query.search(query.scope_of(member), "a")
    assert not query.search(query.scope_of(member), "?!")


def test_the_page_searches_by_post_so_the_words_stay_out_of_the_address(client, group, member, owner):
    post(group, owner, "Grief comes in waves.")
    client.force_login(member)
    url = reverse("groups:group-search", args=[group.slug])
    empty = client.get(url)
    assert empty.status_code == 200 and b'id="search-results"' not in empty.content
    response = client.post(url, {"q": "waves"})
    assert response.status_code == 200
    assert b"<mark>waves</mark>" in response.content
    assert b'method="post"' in response.content


def test_the_search_pages_are_in_the_navigation(client, group, member):
    client.force_login(member)
    home = client.get(reverse("groups:group-home", args=[group.slug])).content.decode()
    assert reverse("groups:search") in home
    assert reverse("groups:group-search", args=[group.slug]) in home


def test_a_results_page_takes_a_bounded_number_of_queries(client, group, member, owner, django_assert_max_num_queries):
    for i in range(30):
        post(group, owner, f"Evening walk {i} was good.")
    client.force_login(member)
    with django_assert_max_num_queries(20):  # PostgreSQL: the recent window, then a savepoint and SET LOCAL
        response = client.post(reverse("groups:search"), {"q": "walk"})
    assert response.content.count(b"search-hit") == 20


def test_a_hit_on_an_old_chat_message_opens_the_chat_where_it_is(login, group, member, owner):
    old = post(group, owner, "The needle exchange moved to the harbour.")
    for n in range(60):  # more than one page of chat history after it
        post(group, owner, f"later message {n}")
    (hit,) = query.search(query.scope_of(member), "harbour").messages
    path, anchor = hit.url.split("#")
    assert anchor == f"m{old.pk}"
    page = login(member).get(path).content.decode()
    assert f'id="m{old.pk}"' in page and "needle exchange moved" in page
    assert f'id="m{old.pk}"' not in login(member).get(group.chat_topic().get_absolute_url()).content.decode()
