"""'Share with my group': a draft the member edits and sends; nothing is ever posted without that."""

from django.urls import reverse

from groups.models import Message


def test_a_milestone_becomes_a_draft_and_nothing_is_posted(login, member, group, milestone):
    response = login(member).get(reverse("accounts:companion-share-milestone", args=[milestone.pk]))
    page = response.content.decode()
    assert "days without heroin." in page  # prefilled in the composer
    assert group.name in page
    assert not Message.objects.exists()


def test_the_member_edits_and_sends_it_through_the_pipeline(login, member, group, chat, milestone):
    response = login(member).post(
        reverse("accounts:companion-share-milestone", args=[milestone.pk]),
        {"group": group.slug, "text": "60 days today. Thank you all."},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("groups:chat", args=[group.slug]))
    message = Message.objects.get()
    assert (message.author, message.topic, message.body_source) == (member, chat, "60 days today. Thank you all.")


def test_a_diary_entry_can_be_shared_as_a_draft(login, member, entry):
    page = login(member).get(reverse("accounts:companion-share-diary", args=[entry.pk])).content.decode()
    assert "walked" in page and not Message.objects.exists()


def test_only_groups_the_member_may_write_in_are_offered(login, member, other_group, milestone):
    page = login(member).get(reverse("accounts:companion-share-milestone", args=[milestone.pk])).content.decode()
    assert other_group.name not in page


def test_sending_to_a_group_not_theirs_is_refused(login, member, other_group, hidden_group, milestone):
    client = login(member)
    for target in (other_group, hidden_group):
        response = client.post(
            reverse("accounts:companion-share-milestone", args=[milestone.pk]), {"group": target.slug, "text": "hi"}
        )
        assert response.status_code == 200  # not a choice: the form comes back
    assert not Message.objects.exists()


def test_a_muted_member_is_told_why(login, muted, group):
    from datetime import date

    from accounts.companion.models import Milestone

    milestone = Milestone.objects.create(owner=muted, label="x", since=date(2026, 1, 1))
    page = login(muted).get(reverse("accounts:companion-share-milestone", args=[milestone.pk])).content.decode()
    assert "not in a group where you can write just now" in page


def test_the_pipelines_refusal_is_shown_with_the_draft_kept(login, member, group, milestone):
    text = "x" * 6000
    response = login(member).post(
        reverse("accounts:companion-share-milestone", args=[milestone.pk]), {"group": group.slug, "text": text}
    )
    page = response.content.decode()
    assert "at most 5,000 characters" in page and text in page
    assert not Message.objects.exists()
