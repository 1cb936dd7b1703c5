"""Ignoring a person (issue 18): their messages fold away for the one who ignores them alone, they are
never told, moderators are never folded, and it is undone from the settings."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse

from accounts import ignoring
from accounts.deletion import delete_account
from accounts.export import collect_data
from accounts.models import Ignore, Notification
from groups.models import Membership
from moderation.pipeline import Kind, submit


def _ignore_url(group, person):
    return reverse("groups:member-ignore", args=[group.slug, person.pk])


def _fold_of(page, message):
    """The text of the <li>/<article> of `message` on `page`."""
    start = page.index(f'id="m{message.pk}"')
    end = min(i for i in (page.find("</li>", start), page.find("</article>", start)) if i != -1)
    return page[start:end]


@pytest.fixture(autouse=True)
def member_list_shown(group):
    """Members see who else belongs, so anyone of the group may be ignored (whether they wrote or not);
    the test of a hidden member list turns it off."""
    group.members_see_member_list = True
    group.save(update_fields=["members_see_member_list"])


@pytest.fixture
def chatted(member, other_member, moderator, group, chat):
    return {
        "other": submit(other_member, group, "Anyone else awake?", topic=chat).message,
        "moderator": submit(moderator, group, "Reminder: the rules changed today.", topic=chat).message,
        "own": submit(member, group, "I am here.", topic=chat).message,
    }


def test_a_member_ignores_another_and_their_chat_messages_fold_away(login, member, other_member, group, chatted):
    client = login(member)
    response = client.post(_ignore_url(group, other_member), {"next": reverse("groups:chat", args=[group.slug])})
    assert response.status_code == 302 and response["Location"] == reverse("groups:chat", args=[group.slug])
    assert Ignore.objects.filter(user=member, ignored=other_member).exists()
    page = client.get(reverse("groups:chat", args=[group.slug])).content.decode()
    folded = _fold_of(page, chatted["other"])
    assert '<details class="ignored-fold">' in folded and "Message from someone you ignore — show" in folded
    assert "Anyone else awake?" in folded  # still there, to open if they wish
    assert "ignored-fold" not in _fold_of(page, chatted["moderator"])
    assert "ignored-fold" not in _fold_of(page, chatted["own"])
    assert f"[{other_member.pk}]" in page  # the live fold's list (static/js/ignore-fold.js)


def test_the_ignored_person_is_never_told(login, member, other_member, group, chatted):
    ignoring.ignore(member, group, other_member.pk)
    page = login(other_member).get(reverse("groups:chat", args=[group.slug])).content.decode()
    assert "ignored-fold" not in page.split("<template")[0] and "[]" in page
    assert not Notification.objects.filter(user=other_member).exists()
    data = collect_data(other_member)
    assert data["ignoring"] == [] and "Quiet Member" not in str(data)


def test_topic_messages_fold_too_and_offer_ignore_only_for_ordinary_members(
    login, member, other_member, moderator, group
):
    first = submit(moderator, group, "Welcome, everyone.", kind=Kind.TOPIC, title="Hello").message
    theirs = submit(other_member, group, "Glad to be here.", topic=first.topic).message
    url = reverse("groups:topic-detail", args=[group.slug, first.topic_id])
    page = login(member).get(url).content.decode()
    assert _ignore_url(group, other_member) in _fold_of(page, theirs)
    assert _ignore_url(group, moderator) not in page  # a moderator's messages offer no "Ignore"
    ignoring.ignore(member, group, other_member.pk)
    page = login(member).get(url).content.decode()
    assert '<details class="ignored-fold">' in _fold_of(page, theirs)
    assert "ignored-fold" not in _fold_of(page, first)


def test_nobody_ignores_themselves_a_moderator_or_someone_outside_the_group(
    member, moderator, staff, other_group_member, group
):
    with pytest.raises(PermissionDenied, match="cannot ignore yourself"):
        ignoring.ignore(member, group, member.pk)
    with pytest.raises(PermissionDenied, match="Moderators cannot be ignored"):
        ignoring.ignore(member, group, moderator.pk)
    with pytest.raises(Http404):
        ignoring.ignore(member, group, other_group_member.pk)
    with pytest.raises(Http404):
        ignoring.ignore(member, group, staff.pk)  # staff are not people of the group
    assert not Ignore.objects.exists()


def test_the_database_refuses_ignoring_oneself(member):
    with pytest.raises(IntegrityError):
        Ignore.objects.create(user=member, ignored=member)


def test_an_outsider_cannot_ignore_through_a_group_they_do_not_read(outsider, member, group):
    with pytest.raises(PermissionDenied):
        ignoring.ignore(outsider, group, member.pk)
    assert not Ignore.objects.exists()


def test_someone_ignored_who_becomes_a_moderator_is_no_longer_folded(login, member, other_member, group, chatted):
    ignoring.ignore(member, group, other_member.pk)
    Membership.objects.filter(group=group, user=other_member).update(role="moderator")
    page = login(member).get(reverse("groups:chat", args=[group.slug])).content.decode()
    assert "ignored-fold" not in _fold_of(page, chatted["other"])


def test_ignoring_twice_is_one_row_and_settings_undo_it(login, member, other_member, group, chatted):
    ignoring.ignore(member, group, other_member.pk)
    ignoring.ignore(member, group, other_member.pk)
    assert Ignore.objects.count() == 1
    client = login(member)
    listing = client.get(reverse("accounts:ignored")).content.decode()
    assert "Other Member" in listing and "Stop ignoring Other Member" in listing
    assert reverse("accounts:ignored") in client.get(reverse("accounts:settings")).content.decode()
    response = client.post(reverse("accounts:ignored-stop", args=[other_member.pk]), follow=True)
    assert "You no longer ignore this person" in response.content.decode()
    assert not Ignore.objects.exists()
    page = client.get(reverse("groups:chat", args=[group.slug])).content.decode()
    assert "ignored-fold" not in _fold_of(page, chatted["other"])


def test_stopping_someone_else_s_ignore_is_impossible(login, member, other_member, moderator, group):
    ignoring.ignore(member, group, other_member.pk)
    login(moderator).post(reverse("accounts:ignored-stop", args=[other_member.pk]))
    assert Ignore.objects.filter(user=member, ignored=other_member).exists()


def test_the_export_holds_whom_i_ignore(member, other_member, group):
    ignoring.ignore(member, group, other_member.pk)
    [row] = collect_data(member)["ignoring"]
    assert row["pseudonym"] == "Other Member"


@pytest.mark.parametrize("who", ["member", "other_member"])
def test_deleting_either_account_deletes_the_ignore(request, member, other_member, group, who):
    ignoring.ignore(member, group, other_member.pk)
    delete_account(request.getfixturevalue(who), keep_messages=True)
    assert not Ignore.objects.exists()


def test_replies_and_mentions_from_someone_ignored_notify_nobody_who_ignores_them(
    run_after_commit, member, other_member, moderator, group, chat
):
    ignoring.ignore(member, group, other_member.pk)
    first = run_after_commit(submit, member, group, "Sleep tips?", kind=Kind.TOPIC, title="Sleep").message
    run_after_commit(submit, other_member, group, "@Quiet Member try tea", topic=first.topic)
    run_after_commit(submit, other_member, group, "@Quiet Member hello", topic=chat)
    assert not Notification.objects.filter(user=member).exists()
    run_after_commit(submit, moderator, group, "@Quiet Member welcome", topic=chat)
    assert Notification.objects.filter(user=member, kind=Notification.Kind.MENTION).count() == 1


def test_the_ignore_page_asks_first_and_says_they_are_not_told(login, member, other_member, group):
    page = login(member).get(_ignore_url(group, other_member)).content.decode()
    assert "Ignore Other Member?" in page and "They are not told" in page
    assert not Ignore.objects.exists()


def test_an_unsafe_next_address_is_not_followed(login, member, other_member, group):
    response = login(member).post(_ignore_url(group, other_member), {"next": "https://evil.example/"})
    assert response["Location"] == group.get_absolute_url()


def test_the_member_list_offers_ignore_for_ordinary_members_only(login, member, other_member, moderator, group):
    group.members_see_member_list = True
    group.save()
    client = login(member)
    url = reverse("groups:member-list", args=[group.slug])
    page = client.get(url).content.decode()
    assert _ignore_url(group, other_member) in page
    assert _ignore_url(group, moderator) not in page and _ignore_url(group, member) not in page
    client.post(_ignore_url(group, other_member))
    page = client.get(url).content.decode()
    assert _ignore_url(group, other_member) not in page and "Ignored" in page


def test_the_readable_export_lists_whom_i_ignore(member, other_member, group):
    ignoring.ignore(member, group, other_member.pk)
    html = render_to_string("accounts/export_index.html", {"data": collect_data(member)})
    assert "People you ignore" in html and "Other Member" in html


def test_an_id_does_not_tell_a_member_who_is_in_a_group_that_hides_its_member_list(
    login, member, other_member, moderator, group, chat
):
    """Someone who has never written in a group whose member list is hidden is unknown to its members:
    the ignore page answers 404 without their pseudonym, as for an id of nobody; its moderators still may."""
    group.members_see_member_list = False
    group.save(update_fields=["members_see_member_list"])
    url = _ignore_url(group, other_member)
    for method in ("get", "post"):
        response = getattr(login(member), method)(url)
        assert response.status_code == 404 and "Other Member" not in response.content.decode()
    assert not Ignore.objects.filter(user=member).exists()
    assert login(moderator).get(url).status_code == 200
    submit(other_member, group, "Hello, I am new.", topic=chat)
    assert login(member).get(url).status_code == 200  # now they have written, every member may know of them


def test_ignoring_folds_in_every_group_shared_but_never_where_they_moderate(
    login, member, other_member, group, other_group, chatted
):
    """The ignore page's promises: "in every group you share", and "Messages from moderators ... are never
    hidden", which holds per group: someone ignored in one group who moderates another is not folded there."""
    for person in (member, other_member):
        Membership.objects.create(group=other_group, user=person, rules_version_accepted=1)
    there = submit(other_member, other_group, "Hello from the family group.", topic=other_group.chat_topic()).message
    ignoring.ignore(member, group, other_member.pk)
    url = reverse("groups:chat", args=[other_group.slug])
    assert '<details class="ignored-fold">' in _fold_of(login(member).get(url).content.decode(), there)
    Membership.objects.filter(group=other_group, user=other_member).update(role="moderator")
    page = login(member).get(url).content.decode()
    assert "ignored-fold" not in _fold_of(page, there) and "Hello from the family group." in page
    assert f"[{other_member.pk}]" not in page  # the live fold leaves them out there too
    assert '<details class="ignored-fold">' in _fold_of(
        login(member).get(reverse("groups:chat", args=[group.slug])).content.decode(), chatted["other"]
    )
