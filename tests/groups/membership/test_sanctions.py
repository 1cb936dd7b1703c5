"""Mutes, bans and removals are told to the person: what, why, until when, and how to ask about it;
a ban with an end gives the membership back when it ends."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.notifications.inbox import describe, lines, target_url, visible_notifications
from accounts.notifications.models import Notification
from groups import access
from groups.membership import members
from groups.models import Ban, Membership
from moderation.models import ModerationLog, ModeratorNote

Kind = Notification.Kind
NOW = timezone.now()


def _standing_url(group):
    return reverse("groups:my-standing", args=[group.slug])


def _only(user, kind):
    found = list(visible_notifications(user).filter(kind=kind))
    assert len(found) == 1, found
    return found[0]


@pytest.fixture
def week_ban(group, member, moderator):
    return members.ban_member(moderator, group, member, "Selling in the group.", NOW + timedelta(days=7), now=NOW)


# --- telling the person --------------------------------------------------------------------------------------------


def test_mute_tells_what_why_until_when_and_where_to_ask(group, member, moderator):
    members.mute_member(moderator, group, member, timezone.now() + timedelta(days=2), "Please cool down.")
    n = _only(member, Kind.MUTED)
    text = describe(n, None)
    assert "muted you in Recovery circle until" in text
    assert "Please cool down." in text and "you can read, but not write" in text
    assert target_url(n) == _standing_url(group)


def test_lifting_a_mute_sends_no_mute_notice(group, muted, moderator):
    members.mute_member(moderator, group, muted, None)
    assert not Notification.objects.filter(user=muted).exists()


def test_ban_with_an_end_tells_the_person_and_keeps_the_membership_suspended(group, member, week_ban):
    n = _only(member, Kind.BANNED)
    text = describe(n, None)
    assert "banned you from Recovery circle until" in text and "Selling in the group." in text
    assert target_url(n) == _standing_url(group)
    assert Membership.objects.filter(group=group, user=member).exists()
    assert access.standing(member, group).role == access.Role.BANNED
    assert not access.can(member, group, access.Need.READ)


def test_ban_without_end_ends_the_membership_and_says_so(group, member, moderator):
    members.ban_member(moderator, group, member, "Threats to members.")
    assert not Membership.objects.filter(group=group, user=member).exists()
    assert "with no end date" in describe(_only(member, Kind.BANNED), None)


def test_a_second_ban_while_one_is_active_is_refused(group, member, moderator, week_ban):
    with pytest.raises(PermissionDenied, match="already banned"):
        members.ban_member(moderator, group, member, "Again.")
    assert Ban.objects.filter(user=member).count() == 1


def test_removal_is_told_and_is_permanent(group, member, moderator):
    members.remove_member(moderator, group, member, "Shared someone's name.")
    text = describe(_only(member, Kind.REMOVED), None)
    assert "removed you from Recovery circle" in text and "Shared someone's name." in text
    assert not Membership.objects.filter(group=group, user=member).exists()
    assert members.end_bans(now=NOW + timedelta(days=365)) == 0
    assert not Membership.objects.filter(group=group, user=member).exists()


def test_the_banned_person_reads_the_notice_in_their_inbox_and_it_opens_the_standing_page(
    client, group, member, week_ban
):
    client.force_login(member)
    page = client.get(reverse("accounts:notifications")).content.decode()
    assert escape("Selling in the group.") in page
    n = _only(member, Kind.BANNED)
    opened = client.post(reverse("accounts:notification-read", args=[n.pk]))
    assert opened["Location"] == _standing_url(group)
    assert client.get(opened["Location"]).status_code == 200


def test_nobody_else_gets_the_notice(group, member, other_member, moderator, week_ban):
    assert not Notification.objects.filter(kind=Kind.BANNED).exclude(user=member).exists()
    assert not [line for line in lines(visible_notifications(other_member)) if "banned" in line.text]


# --- the end of a ban ----------------------------------------------------------------------------------------------


def test_a_ban_ending_gives_the_membership_back_and_tells_the_person(group, member, moderator):
    now = timezone.now()
    ends = now - timedelta(minutes=1)  # banned a week ago for a week: the end has just come
    members.ban_member(moderator, group, member, "Selling in the group.", ends, now=now - timedelta(days=7))
    assert members.end_bans(now=ends - timedelta(hours=1)) == 0
    assert not Notification.objects.filter(user=member, kind=Kind.BAN_ENDED).exists()
    assert members.end_bans(now=now) == 1
    assert access.can(member, group, access.Need.POST)
    membership = Membership.objects.get(group=group, user=member)
    assert (membership.role, membership.rules_version_accepted) == ("member", 1)
    assert "Welcome back: you are a member again." in describe(_only(member, Kind.BAN_ENDED), None)
    assert ModerationLog.objects.filter(action="ban_ended", target_user=member).count() == 1


def test_ending_bans_twice_tells_once(group, member, week_ban):
    later = NOW + timedelta(days=8)
    assert members.end_bans(now=later) == 1
    assert members.end_bans(now=later) == 0
    assert Notification.objects.filter(user=member, kind=Kind.BAN_ENDED).count() == 1


def test_the_beat_task_is_scheduled(settings):
    assert any(e["task"] == "groups.tasks.end_bans_task" for e in settings.CELERY_BEAT_SCHEDULE.values())


def test_lifting_a_ban_tells_the_person_and_a_suspended_member_is_back(group, member, moderator, week_ban):
    members.lift_ban(moderator, week_ban, "Talked it through.")
    assert access.can(member, group, access.Need.READ)
    assert "member again" in describe(_only(member, Kind.BAN_ENDED), None)
    assert members.end_bans(now=NOW + timedelta(days=8)) == 0  # already dealt with


def test_lifting_a_ban_without_end_invites_to_ask_again(group, banned, moderator):
    members.lift_ban(moderator, Ban.objects.get(user=banned))
    assert "You can ask to join again" in describe(_only(banned, Kind.BAN_ENDED), None)


# --- the standing page -----------------------------------------------------------------------------------------------


def test_banned_person_opens_their_standing_page_while_the_group_stays_hidden(
    client, hidden_group, moderator, make_user
):
    person = make_user(display_name="Hidden Member")
    Membership.objects.create(group=hidden_group, user=person, rules_version_accepted=1)
    Membership.objects.create(group=hidden_group, user=moderator, role="moderator", rules_version_accepted=1)
    members.ban_member(moderator, hidden_group, person, "Kept posting ads.", timezone.now() + timedelta(days=3))
    client.force_login(person)
    page = client.get(_standing_url(hidden_group))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Kept posting ads." in body and "banned you from this group until" in body
    assert "Ask a moderator about it" in body
    assert client.get(reverse("groups:group-home", args=[hidden_group.slug])).status_code == 404
    assert client.get(reverse("groups:chat", args=[hidden_group.slug])).status_code == 404


def test_muted_member_reads_their_mute_on_the_page(client, group, member, moderator):
    members.mute_member(moderator, group, member, timezone.now() + timedelta(days=1), "Too many links.")
    client.force_login(member)
    body = client.get(_standing_url(group)).content.decode()
    assert "muted you in this group until" in body and "Too many links." in body


def test_removed_person_reads_why(client, group, member, moderator):
    members.remove_member(moderator, group, member, "Shared a phone number.")
    client.force_login(member)
    body = client.get(_standing_url(group)).content.decode()
    assert "removed you from this group" in body and "Shared a phone number." in body


def test_another_member_sees_only_their_own_good_standing(client, group, member, other_member, week_ban):
    client.force_login(other_member)
    body = client.get(_standing_url(group)).content.decode()
    assert "Nothing limits what you can do" in body
    assert "Selling in the group." not in body and "Ask a moderator about it" not in body


@pytest.mark.parametrize("who", ["outsider", "other_group_member", "staff", "former_member", "applicant"])
def test_everyone_else_gets_404(client, request, group, who, week_ban):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_standing_url(group)).status_code == 404
    assert client.get(reverse("groups:my-standing", args=["no-such-group"])).status_code == 404


def test_a_person_who_left_reads_that_they_left(client, group, member):
    members.leave_group(member, group)
    client.force_login(member)
    assert "You left this group on" in client.get(_standing_url(group)).content.decode()


def test_chat_links_a_closed_socket_to_the_standing_page(client, group, member):
    client.force_login(member)
    body = client.get(reverse("groups:chat", args=[group.slug])).content.decode()
    assert f'data-standing-url="{_standing_url(group)}"' in body
    assert "Reload the page to see why" not in body


# --- asking a moderator about it ---------------------------------------------------------------------------------


def test_banned_person_asks_and_the_moderators_hear_of_it(client, group, member, moderator, week_ban):
    client.force_login(member)
    response = client.post(_standing_url(group), {"text": "Can we talk about this?"})
    assert response.status_code == 302
    note = ModeratorNote.objects.get(group=group, member=member)
    assert (note.author, note.text) == (member, "Can we talk about this?")
    n = _only(moderator, Kind.STANDING_QUESTION)
    assert "Quiet Member wrote to the moderators" in describe(n, None)
    assert target_url(n) == reverse("moderation:member-notes", args=[group.slug, member.pk])
    again = client.post(_standing_url(group), {"text": "Hello?"})
    assert again.status_code == 400 and "You wrote to the moderators on" in again.content.decode()
    assert ModeratorNote.objects.filter(member=member).count() == 1


def test_a_member_in_good_standing_has_nothing_to_ask(client, group, member, moderator):
    client.force_login(member)
    response = client.post(_standing_url(group), {"text": "Hi"})
    assert response.status_code == 400
    assert not ModeratorNote.objects.exists()
    assert not Notification.objects.filter(kind=Kind.STANDING_QUESTION).exists()


def test_outsiders_cannot_post_a_question(client, group, outsider, moderator):
    client.force_login(outsider)
    assert client.post(_standing_url(group), {"text": "Hi"}).status_code == 404
    assert not ModeratorNote.objects.exists()


def test_an_open_socket_of_a_suspended_member_is_refused_on_the_next_frame(group, member, week_ban):
    from groups.content import frames

    fresh, replies = frames.handle_frame(member, group, {"type": "ping"})
    assert fresh is None and replies == []


def test_a_mute_from_the_queue_tells_the_rule_and_the_moderators_words(group, member, moderator, chat):
    from moderation import actions as moderation_actions
    from moderation.pipeline import submit

    message = submit(member, group, "buy from me", topic=chat).message
    reason = moderation_actions.explain("No selling or buying.", "Please do not sell here.")
    moderation_actions.mute_from_queue(moderator, message, timezone.now() + timedelta(days=1), reason)
    text = describe(_only(member, Kind.MUTED), None)
    assert "No selling or buying." in text and "Please do not sell here." in text


def test_a_ban_from_the_queue_tells_the_person_once(group, member, moderator, chat):
    from moderation import actions as moderation_actions
    from moderation.pipeline import submit

    message = submit(member, group, "buy from me", topic=chat).message
    moderation_actions.ban_from_queue(moderator, message, "Selling.")
    assert Notification.objects.filter(user=member, kind=Kind.BANNED).count() == 1
