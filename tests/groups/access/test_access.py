"""groups/access/: standings, refusals with a next step, and the access_* fetchers."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from groups import access
from groups.access import Need, Role
from groups.models import Ban, GroupRules, JoinRequest, Membership


@pytest.mark.parametrize(
    ("actor", "role"),
    [
        ("outsider", Role.OUTSIDER),
        ("applicant", Role.APPLICANT),
        ("member", Role.MEMBER),
        ("moderator", Role.MODERATOR),
        ("owner", Role.OWNER),
        ("banned", Role.BANNED),
        ("muted", Role.MEMBER),
        ("former_member", Role.OUTSIDER),
        ("professional", Role.OUTSIDER),
        ("staff", Role.STAFF),
    ],
)
def test_standing_names_each_cast_member(request, group, actor, role):
    assert access.standing(request.getfixturevalue(actor), group).role == role


def test_access_group_absent_and_hidden_raise_the_same_404(outsider, hidden_group):
    messages = []
    for slug in (hidden_group.slug, "no-such-group"):
        with pytest.raises(Http404) as error:
            access.access_group(outsider, slug, Need.SEE)
        messages.append(str(error.value))
    assert messages[0] == messages[1]


def test_access_group_refusals_say_what_to_do_next(group, outsider, applicant, member):
    with pytest.raises(PermissionDenied, match="Ask to join, or use an invitation"):
        access.access_group(outsider, group.slug, Need.READ)
    with pytest.raises(PermissionDenied, match="You can read the rules meanwhile"):
        access.access_group(applicant, group.slug, Need.READ)
    with pytest.raises(PermissionDenied, match="Only the group's moderators"):
        access.access_group(member, group.slug, Need.MODERATE)


def test_expired_and_lifted_bans_no_longer_keep_people_out(group, banned):
    assert not access.can(banned, group, Need.SEE)
    Ban.objects.filter(user=banned).update(ends_at=timezone.now() - timedelta(minutes=1))
    assert access.can(banned, group, Need.SEE)
    Ban.objects.create(group=group, user=banned, reason="Again.", lifted_at=timezone.now())
    assert access.can(banned, group, Need.SEE)


def test_a_ban_beats_a_membership(group, member):
    Ban.objects.create(group=group, user=member, reason="Threats.")
    assert not access.can(member, group, Need.READ)
    assert group not in access.readable_groups(member)


def test_inactive_accounts_see_nothing(group, member):
    member.is_active = False
    member.save()
    assert not access.can(member, group, Need.SEE)
    assert not access.visible_groups(member).exists()


def test_changed_rules_block_posting_but_not_reading(group, member, moderator):
    GroupRules.objects.create(group=group, version=2, text="New.")
    with pytest.raises(PermissionDenied, match="rules have changed"):
        access.check(member, group, Need.POST)
    assert access.can(member, group, Need.READ)
    assert access.can(moderator, group, Need.POST)


def test_staff_read_and_moderate_but_do_not_post_without_membership(group, staff):
    assert access.can(staff, group, Need.MANAGE)
    assert not access.can(staff, group, Need.POST)


def test_access_join_request_for_the_applicant_even_in_a_hidden_group(hidden_group, outsider, member):
    join_request = JoinRequest.objects.create(group=hidden_group, user=outsider, status="declined")
    assert access.access_join_request(outsider, hidden_group.slug, join_request.pk) == join_request
    with pytest.raises(Http404):
        access.access_join_request(member, hidden_group.slug, join_request.pk)


def test_access_join_request_refuses_members_before_looking_up_the_id(group, member):
    with pytest.raises(PermissionDenied):
        access.access_join_request(member, group.slug, 999999)


def test_access_join_request_hides_it_from_the_banned_applicant(group, banned):
    join_request = JoinRequest.objects.create(group=group, user=banned, status="declined")
    with pytest.raises(Http404):
        access.access_join_request(banned, group.slug, join_request.pk)


def test_access_invitation_unknown_or_oversized_token_is_404(outsider):
    for token in ("", "x", "y" * 500):
        with pytest.raises(Http404):
            access.access_invitation(outsider, token)


def test_professional_moderator_may_moderate(group, professional):
    Membership.objects.create(group=group, user=professional, role="moderator")
    assert access.can(professional, group, Need.MODERATE)
