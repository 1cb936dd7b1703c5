"""Member list and management: remove, ban, mute, roles, rules and questions."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from groups.models import Ban, GroupRules, Membership
from moderation.models import ModerationLog


def test_member_list_shows_pseudonyms_and_dates_never_emails(login, group, member, moderator):
    response = login(moderator).get(reverse("groups:member-list", args=[group.slug]))
    html = response.content.decode()
    assert "Quiet Member" in html and "Group Moderator" in html
    assert "@example.net" not in html


def test_member_list_is_for_moderators_unless_the_group_shares_it(login, group, member, outsider):
    url = reverse("groups:member-list", args=[group.slug])
    response = login(member).get(url)
    assert response.status_code == 403
    assert "only the moderators see the member list" in response.content.decode()
    group.members_see_member_list = True
    group.save()
    html = login(member).get(url).content.decode()
    assert "Quiet Member" in html and reverse("groups:member-ban", args=[group.slug, member.pk]) not in html
    assert login(outsider).get(url).status_code == 403


def test_member_ban_with_reason_and_end_date(login, group, member, moderator):
    ends = (timezone.localdate() + timedelta(days=10)).isoformat()
    response = login(moderator).post(
        reverse("groups:member-ban", args=[group.slug, member.pk]), {"reason": "Selling.", "ends_on": ends}
    )
    assert response.status_code == 302
    ban = Ban.objects.get(user=member)
    assert ban.reason == "Selling." and ban.ends_at is not None
    assert login(member).get(reverse("groups:group-home", args=[group.slug])).status_code == 404


def test_member_ban_without_reason_keeps_the_form(login, group, member, moderator):
    response = login(moderator).post(
        reverse("groups:member-ban", args=[group.slug, member.pk]), {"reason": "", "ends_on": "2001-01-01"}
    )
    assert response.status_code == 200
    assert "Please fill this in." in response.content.decode()
    assert "The end date must be after today" in response.content.decode()
    assert not Ban.objects.exists()


def test_member_ban_of_another_moderator_is_refused_with_who_to_ask(login, group, moderator, owner):
    response = login(moderator).post(reverse("groups:member-ban", args=[group.slug, owner.pk]), {"reason": "Because."})
    assert response.status_code == 200
    assert "Only the group&#x27;s owner or staff can act on a moderator" in response.content.decode()
    assert not Ban.objects.exists()


def test_member_actions_on_someone_outside_the_group_are_404(login, group, moderator, outsider):
    assert login(moderator).get(reverse("groups:member-remove", args=[group.slug, outsider.pk])).status_code == 404


def test_member_remove_ends_the_membership(login, group, member, moderator):
    response = login(moderator).post(reverse("groups:member-remove", args=[group.slug, member.pk]), {"reason": ""})
    assert response.status_code == 302
    assert not Membership.objects.filter(user=member).exists()
    assert ModerationLog.objects.get(action="member_removed").target_user == member


def test_member_mute_and_lift(login, group, member, moderator):
    client = login(moderator)
    url = reverse("groups:member-mute", args=[group.slug, member.pk])
    client.post(url, {"period": "1h", "reason": "Heated."})
    assert Membership.objects.get(user=member).is_muted()
    client.post(url, {"period": "lift"})
    assert not Membership.objects.get(user=member).is_muted()


def test_member_role_by_owner_appoints_a_moderator(login, group, member, owner):
    response = login(owner).post(reverse("groups:member-role", args=[group.slug, member.pk]), {"role": "moderator"})
    assert response.status_code == 302
    assert Membership.objects.get(user=member).role == "moderator"


def test_member_role_owner_cannot_appoint_an_owner(login, group, member, owner):
    response = login(owner).post(reverse("groups:member-role", args=[group.slug, member.pk]), {"role": "owner"})
    assert response.status_code == 200
    assert Membership.objects.get(user=member).role == "member"


def test_member_role_refuses_moderators_with_who_can(login, group, member, moderator):
    response = login(moderator).get(reverse("groups:member-role", args=[group.slug, member.pk]))
    assert response.status_code == 403


def test_moderator_add_by_staff_can_appoint_a_professional(login, group, staff, professional):
    response = login(staff).post(reverse("groups:moderator-add", args=[group.slug]), {"pseudonym": "pro worker"})
    assert response.status_code == 302
    assert Membership.objects.get(user=professional, group=group).role == "moderator"


def test_moderator_add_by_owner_only_finds_members(login, group, owner, professional, outsider):
    client = login(owner)
    for name in ("Pro Worker", "Outsider"):
        response = client.post(reverse("groups:moderator-add", args=[group.slug]), {"pseudonym": name})
        assert "No member of this group has this pseudonym" in response.content.decode()
    assert not Membership.objects.filter(user__in=[professional, outsider]).exists()


def test_rules_edit_publishes_a_new_version(login, group, moderator, member):
    client = login(moderator)
    assert "Keep names private." in client.get(reverse("groups:rules-edit", args=[group.slug])).content.decode()
    client.post(reverse("groups:rules-edit", args=[group.slug]), {"text": "Be kind.\nNo photos."})
    assert group.current_rules().version == 2
    assert GroupRules.objects.filter(group=group).count() == 2


def test_rules_edit_too_long_names_the_limit_and_keeps_the_text(login, group, moderator):
    text = "Be kind. " * 1200
    response = login(moderator).post(reverse("groups:rules-edit", args=[group.slug]), {"text": text})
    assert "at most 10000 characters" in response.content.decode()
    assert "Be kind. Be kind." in response.content.decode()
    assert group.current_rules().version == 1


def test_questions_edit_replaces_the_questions(login, group, moderator):
    client = login(moderator)
    html = client.get(reverse("groups:questions-edit", args=[group.slug])).content.decode()
    assert "How does drug use affect your life?" in html
    client.post(reverse("groups:questions-edit", args=[group.slug]), {"question_1": "Why here?", "question_3": "And?"})
    assert [q.text for q in group.questions.all()] == ["Why here?", "And?"]


def test_questions_edit_is_refused_to_members(login, group, member):
    assert (
        login(member).post(reverse("groups:questions-edit", args=[group.slug]), {"question_1": "x"}).status_code == 403
    )
    assert group.questions.count() == 2


def test_ban_list_shows_active_bans_and_recently_ended_ones(login, group, banned, moderator, member):
    gone = Ban.objects.create(group=group, user=member, reason="Old matter.", lifted_at=timezone.now())
    html = login(moderator).get(reverse("groups:ban-list", args=[group.slug])).content.decode()
    assert "Banned Person" in html and "Selling in the group." in html
    assert "Old matter." in html and reverse("groups:ban-lift", args=[group.slug, gone.pk]) not in html
    assert "@example.net" not in html


def test_ban_list_is_linked_from_the_member_list_for_moderators_only(login, group, member, moderator):
    url = reverse("groups:ban-list", args=[group.slug])
    assert url in login(moderator).get(reverse("groups:member-list", args=[group.slug])).content.decode()
    group.members_see_member_list = True
    group.save()
    assert url not in login(member).get(reverse("groups:member-list", args=[group.slug])).content.decode()


def test_ban_lift_lifts_logs_and_the_person_can_ask_again(login, group, banned, moderator):
    ban = Ban.objects.get(user=banned)
    response = login(moderator).post(reverse("groups:ban-lift", args=[group.slug, ban.pk]), {"reason": "Apologised."})
    assert response.status_code == 302
    assert Ban.objects.get(pk=ban.pk).lifted_at is not None
    assert ModerationLog.objects.get(action="ban_lifted").reason == "Apologised."
    assert login(banned).get(reverse("groups:join-request", args=[group.slug])).status_code == 200


def test_ban_lift_with_too_long_reason_keeps_the_text(login, group, banned, moderator):
    ban = Ban.objects.get(user=banned)
    response = login(moderator).post(reverse("groups:ban-lift", args=[group.slug, ban.pk]), {"reason": "x" * 1001})
    assert response.status_code == 200
    assert "at most 1000 characters" in response.content.decode() and "x" * 1001 in response.content.decode()
    assert Ban.objects.get(pk=ban.pk).lifted_at is None


def test_ban_lift_refuses_members_and_people_of_another_group(login, group, banned, member, other_group_member):
    ban = Ban.objects.get(user=banned)
    url = reverse("groups:ban-lift", args=[group.slug, ban.pk])
    assert login(member).post(url).status_code == 403
    assert login(other_group_member).post(url).status_code == 403  # the group is listed: seen, not theirs
    assert login(member).get(reverse("groups:ban-list", args=[group.slug])).status_code == 403
    assert Ban.objects.get(pk=ban.pk).lifted_at is None


def test_ban_lift_of_another_groups_ban_is_404(login, group, other_group, moderator, outsider):
    ban = Ban.objects.create(group=other_group, user=outsider, reason="Elsewhere.")
    assert login(moderator).post(reverse("groups:ban-lift", args=[group.slug, ban.pk])).status_code == 404
    assert Ban.objects.get(pk=ban.pk).lifted_at is None


def test_ban_lift_is_post_only(login, group, banned, moderator):
    ban = Ban.objects.get(user=banned)
    assert login(moderator).get(reverse("groups:ban-lift", args=[group.slug, ban.pk])).status_code == 405
