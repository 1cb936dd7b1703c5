"""@mentions (issue 18): marked in the sanitizer's output for people the group's members may know of, and
offered by the autocomplete to the group's readers only, pseudonyms only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.models import Ban, Membership
from moderation import sanitize
from moderation.pipeline import Kind, submit
from tests.factories import UserFactory

MARK = '<span class="mention">'


def _names(client, group, q):
    response = client.get(reverse("groups:mention-people", args=[group.slug]), {"q": q})
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    return response.json()["people"]


def test_the_sanitizer_marks_only_the_names_it_is_given_and_never_inside_code_or_links():
    html = sanitize.render_markdown(
        "Hi @Quiet Member, @nobody, `@Quiet Member` and [@Quiet Member](https://example.org/)",
        {"quiet member"},
    )
    assert html.count(MARK) == 1
    assert f"Hi {MARK}@Quiet Member</span>," in html
    assert "@nobody" in html and "<code>@Quiet Member</code>" in html


def test_a_mention_cannot_smuggle_markup():
    html = sanitize.render_markdown('@Quiet <b onclick="x">Member</b> <script>@Quiet</script>', {"quiet"})
    assert "<b" not in html and "<script" not in html
    assert html.count(MARK) == 2 and "&lt;script&gt;" in html


def test_without_names_the_output_is_the_plain_sanitizer_output():
    text = "Hello @Quiet Member *there*"
    assert sanitize.render_markdown(text, set()) == sanitize.render_markdown(text)
    assert MARK not in sanitize.render_markdown(text)


def test_candidates_are_every_run_of_words_after_an_at_sign():
    assert sanitize.mention_candidates("thanks @Quiet Member. x@y") >= {"quiet", "quiet member"}
    assert "y" not in sanitize.mention_candidates("mail x@y")


def test_a_posted_message_marks_a_moderator_and_someone_who_wrote_but_not_a_silent_member(
    member, other_member, moderator, group, chat
):
    silent = UserFactory(display_name="Silent One")
    Membership.objects.create(group=group, user=silent)
    submit(other_member, group, "hello", topic=chat)
    html = submit(member, group, "@Other Member @Group Moderator @Silent One @Nobody", topic=chat).message.body_html
    assert f"{MARK}@Other Member</span>" in html and f"{MARK}@Group Moderator</span>" in html
    assert f"{MARK}@Silent One" not in html and f"{MARK}@Nobody" not in html  # a hidden member list stays hidden
    group.members_see_member_list = True
    group.save()
    html = submit(member, group, "@Silent One", topic=chat).message.body_html
    assert f"{MARK}@Silent One</span>" in html


def test_an_edit_marks_the_new_mentions(member, moderator, group, chat):
    message = submit(member, group, "hello", topic=chat).message
    edited = submit(member, group, "hello @group moderator", kind=Kind.EDIT, message=message).message
    assert f"{MARK}@group moderator</span>" in edited.body_html


def test_the_autocomplete_offers_pseudonyms_by_prefix_and_never_oneself(
    login, member, other_member, moderator, group, chat
):
    submit(other_member, group, "hello", topic=chat)
    client = login(member)
    assert _names(client, group, "") == ["Group Moderator", "Other Member"]
    assert _names(client, group, "oth") == ["Other Member"]
    assert _names(client, group, "Quiet") == []  # oneself
    body = client.get(reverse("groups:mention-people", args=[group.slug]), {"q": "o"}).content.decode()
    assert "@" not in body and "example.net" not in body  # pseudonyms only, never an e-mail address


def test_the_autocomplete_leaves_out_banned_deactivated_and_other_groups_people(
    login, member, other_member, other_group_member, group, chat
):
    group.members_see_member_list = True
    group.save()
    suspended = UserFactory(display_name="Off For Now")
    Membership.objects.create(group=group, user=suspended)
    Ban.objects.create(group=group, user=suspended, reason="x", ends_at=timezone.now() + timedelta(days=2))
    gone = UserFactory(display_name="Off Forever", is_active=False)
    Membership.objects.create(group=group, user=gone)
    assert _names(login(member), group, "o") == ["Other Member"]
    assert "Family Member" not in _names(login(member), group, "f")


def test_the_autocomplete_is_capped_and_bounded(login, member, group):
    group.members_see_member_list = True
    group.save()
    for n in range(12):
        Membership.objects.create(group=group, user=UserFactory(display_name=f"Peer {n:02d}"))
    client = login(member)
    assert len(_names(client, group, "peer")) == 8
    assert _names(client, group, "p" * 500) == []


@pytest.mark.parametrize("who", ["outsider", "applicant", "banned", "other_group_member", "former_member"])
def test_the_autocomplete_answers_404_to_everyone_who_does_not_read_the_group(login, request, group, who):
    response = login(request.getfixturevalue(who)).get(reverse("groups:mention-people", args=[group.slug]))
    assert response.status_code == 404
    assert b"Quiet" not in response.content


def test_the_autocomplete_of_a_hidden_group_is_the_plain_404(login, outsider, hidden_group):
    response = login(outsider).get(reverse("groups:mention-people", args=[hidden_group.slug]))
    assert response.status_code == 404


def test_the_chat_and_the_reply_form_carry_the_autocomplete(login, member, group, chat):
    url = reverse("groups:mention-people", args=[group.slug])
    page = login(member).get(reverse("groups:chat", args=[group.slug])).content.decode()
    assert f'data-mention-url="{url}"' in page and "js/mentions.js" in page
    first = submit(member, group, "Hello", kind=Kind.TOPIC, title="Hello").message
    page = login(member).get(reverse("groups:topic-detail", args=[group.slug, first.topic_id])).content.decode()
    assert f'data-mention-url="{url}"' in page
