"""groups/membership/actions.py and members.py: joining, vetting, invitations, rules and member management."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from groups import access
from groups.membership import actions, members
from groups.models import Ban, Invitation, JoinAnswer, JoinRequest, Membership
from groups.signals import join_request_changed
from moderation.models import ModerationLog, QueueItem, WatchedWord
from tests.factories import UserFactory


def _answers(group, text="I want to talk to people who understand."):
    return {q.pk: text for q in group.questions.all()}


@pytest.fixture
def signals():
    received = []

    def listener(sender, **kwargs):
        received.append((kwargs["join_request_id"], kwargs["status"]))

    join_request_changed.connect(listener)
    yield received
    join_request_changed.disconnect(listener)


@pytest.fixture
def closed():
    with mock.patch("groups.live.close_user_sockets") as close:
        yield close


def test_create_join_request_makes_a_pending_request_in_the_queue(
    group, outsider, signals, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        join_request = actions.create_join_request(outsider, group, _answers(group))
    assert join_request.status == JoinRequest.Status.PENDING
    assert join_request.rules_version_accepted == 1
    assert [a.question_text for a in join_request.answers.all()] == [q.text for q in group.questions.all()]
    assert QueueItem.objects.get(join_request=join_request).kind == QueueItem.Kind.JOIN_REQUEST
    assert signals == [(join_request.pk, "pending")]
    assert access.standing(outsider, group).role == access.Role.APPLICANT


def test_create_join_request_refuses_professionals_with_the_reason(group, professional):
    with pytest.raises(PermissionDenied, match="Staff can appoint you as a moderator"):
        actions.create_join_request(professional, group, _answers(group))
    assert not JoinRequest.objects.filter(user=professional).exists()


def test_create_join_request_allows_one_pending_request_per_person(group, applicant):
    with pytest.raises(PermissionDenied, match="already asked"):
        actions.create_join_request(applicant, group, _answers(group))
    assert JoinRequest.objects.filter(user=applicant, group=group).count() == 1


def test_create_join_request_refuses_invitation_only_groups_and_says_how_to_get_in(hidden_group, outsider):
    with pytest.raises(PermissionDenied, match="invitation only"):
        actions.create_join_request(outsider, hidden_group, {})


def test_create_join_request_waits_for_the_cool_off_after_a_decline(group, outsider, moderator, settings):
    settings.JOIN_REQUEST_COOL_OFF_DAYS = 14
    actions.decline_join_request(moderator, actions.create_join_request(outsider, group, _answers(group)))
    with pytest.raises(PermissionDenied, match="You can ask again from"):
        actions.create_join_request(outsider, group, _answers(group))
    JoinRequest.objects.filter(user=outsider).update(decided_at=timezone.now() - timedelta(days=15))
    assert actions.create_join_request(outsider, group, _answers(group)).status == "pending"


def test_create_join_request_needs_every_answer_keyed_by_question(group, outsider):
    first, second = group.questions.all()
    with pytest.raises(ValidationError) as error:
        actions.create_join_request(outsider, group, {first.pk: "Yes.", second.pk: "   "})
    assert list(error.value.message_dict) == [str(second.pk)]
    assert not JoinRequest.objects.filter(user=outsider).exists()


def test_create_join_request_answers_go_through_the_pipeline(group, outsider):
    WatchedWord.objects.create(pattern="buy pills", action="refuse", reason="No buying or selling here.")
    with pytest.raises(ValidationError, match="No buying or selling here."):
        actions.create_join_request(outsider, group, _answers(group, "Where can I buy pills?"))
    too_long = _answers(group, "x" * 2001)
    with pytest.raises(ValidationError, match="at most 2,000 characters"):
        actions.create_join_request(outsider, group, too_long)


def test_approve_join_request_makes_a_member_resolves_the_queue_and_logs(
    group, applicant, moderator, signals, django_capture_on_commit_callbacks
):
    join_request = JoinRequest.objects.get(user=applicant)
    QueueItem.objects.create(group=group, kind="join_request", join_request=join_request)
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve_join_request(moderator, join_request)
    membership = Membership.objects.get(group=group, user=applicant)
    assert membership.role == "member" and membership.rules_version_accepted == 1
    assert QueueItem.objects.get(join_request=join_request).status == "resolved"
    log = ModerationLog.objects.get(action="join_approved")
    assert (log.actor, log.target_user) == (moderator, applicant)
    assert signals == [(join_request.pk, "approved")]


def test_approve_join_request_refuses_ordinary_members(group, applicant, member):
    with pytest.raises(PermissionDenied):
        actions.approve_join_request(member, JoinRequest.objects.get(user=applicant))
    assert not Membership.objects.filter(user=applicant).exists()


def test_approve_join_request_never_makes_a_professional_a_member(group, professional, moderator):
    join_request = JoinRequest.objects.create(group=group, user=professional)
    with pytest.raises(PermissionDenied, match="Professional"):
        actions.approve_join_request(moderator, join_request)
    assert not Membership.objects.filter(user=professional).exists()


def test_decide_join_request_twice_says_it_is_already_decided(group, applicant, moderator, owner):
    join_request = JoinRequest.objects.get(user=applicant)
    actions.decline_join_request(moderator, join_request, "This group is for people in recovery.")
    with pytest.raises(PermissionDenied, match="no longer waiting"):
        actions.approve_join_request(owner, join_request)
    join_request.refresh_from_db()
    assert join_request.status == "declined"
    assert join_request.decline_reason == "This group is for people in recovery."


def test_withdraw_join_request_only_by_the_applicant(group, applicant, member, signals):
    join_request = JoinRequest.objects.get(user=applicant)
    with pytest.raises(PermissionDenied, match="Only the person who asked"):
        actions.withdraw_join_request(member, join_request)
    actions.withdraw_join_request(applicant, join_request)
    assert JoinRequest.objects.get(pk=join_request.pk).status == "withdrawn"
    assert access.standing(applicant, group).role == access.Role.OUTSIDER


@pytest.mark.parametrize("decide", ["approve", "decline", "withdraw"])
def test_answers_are_deleted_at_the_decision_and_only_the_fact_is_kept(group, outsider, moderator, signals, decide):
    join_request = actions.create_join_request(outsider, group, _answers(group, "my private story"))
    other = actions.create_join_request(UserFactory(), group, _answers(group))
    if decide == "approve":
        actions.approve_join_request(moderator, join_request)
    elif decide == "decline":
        actions.decline_join_request(moderator, join_request, "Not this group.")
    else:
        actions.withdraw_join_request(outsider, join_request)
    join_request.refresh_from_db()
    assert not JoinAnswer.objects.filter(answer="my private story").exists()
    assert join_request.answers_purged_at == join_request.decided_at
    assert other.answers.count() == 2  # a pending request keeps its answers for the moderators


def test_purge_decided_answers_catches_leftovers_but_never_pending_ones(group, outsider, moderator):
    pending = actions.create_join_request(outsider, group, _answers(group))
    other = JoinRequest.objects.create(group=group, user=moderator, status="declined", decided_at=timezone.now())
    JoinAnswer.objects.create(join_request=other, question_text="Q", answer="A")
    assert actions.purge_decided_answers(now=timezone.now()) == 1
    other.refresh_from_db()
    assert other.answers_purged_at is not None
    assert pending.answers.count() == 2


def test_declined_requests_are_deleted_when_the_cool_off_ends(group, outsider, moderator, member, settings, signals):
    settings.JOIN_REQUEST_COOL_OFF_DAYS = 14
    declined = actions.decline_join_request(moderator, actions.create_join_request(outsider, group, _answers(group)))
    approved = JoinRequest.objects.create(group=group, user=member, status="approved", decided_at=timezone.now())
    pending = actions.create_join_request(UserFactory(), group, _answers(group))
    assert actions.purge_decided_requests(now=timezone.now() + timedelta(days=13)) == 0
    assert actions.join_refusal(outsider, group, now=timezone.now() + timedelta(days=13))  # still cooling off
    assert actions.purge_decided_requests(now=timezone.now() + timedelta(days=15)) == 1
    assert not JoinRequest.objects.filter(pk=declined.pk).exists()
    assert JoinRequest.objects.filter(pk__in=[approved.pk, pending.pk]).count() == 2
    log = ModerationLog.objects.get(action="join_declined")
    assert log.join_request is None and log.target_user == outsider  # the log keeps who decided, not the row


def test_create_invitation_stores_only_a_hash_and_the_link_leads_to_vetting(
    group, moderator, outsider, signals, django_capture_on_commit_callbacks
):
    invitation, token = actions.create_invitation(moderator, group, timezone.now() + timedelta(days=1), 2, "for Kim")
    assert token not in invitation.token_hash and len(token) >= 30
    assert access.access_invitation(outsider, token) == invitation
    with django_capture_on_commit_callbacks(execute=True):
        join_request = actions.create_join_request(outsider, group, _answers(group), invitation=invitation)
    assert join_request.status == JoinRequest.Status.PENDING and join_request.invitation == invitation
    assert not Membership.objects.filter(user=outsider, group=group).exists()
    assert access.standing(outsider, group).role == access.Role.APPLICANT
    item = QueueItem.objects.get(join_request=join_request, status=QueueItem.Status.OPEN)
    assert item.kind == QueueItem.Kind.JOIN_REQUEST and item.reason_text() == "Invited; wants to join"
    assert [a.question_text for a in join_request.answers.all()] == [q.text for q in group.questions.all()]
    assert signals == [(join_request.pk, "pending")]


def test_invitation_use_is_counted_once_per_request(group, moderator, outsider, other_group_member):
    invitation, _token = actions.create_invitation(moderator, group, timezone.now() + timedelta(days=1), 2)
    actions.create_join_request(outsider, group, _answers(group), invitation=invitation)
    assert Invitation.objects.get(pk=invitation.pk).uses == 1
    actions.create_join_request(other_group_member, group, _answers(group), invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.uses == 2 and not invitation.is_usable()


def test_invitation_reuses_a_pending_request_and_replaces_its_answers(group, applicant, moderator):
    before = JoinRequest.objects.get(user=applicant, group=group)
    invitation, _token = actions.create_invitation(moderator, group, timezone.now() + timedelta(days=1), 1)
    join_request = actions.create_join_request(applicant, group, _answers(group, "New words."), invitation=invitation)
    assert join_request.pk == before.pk and join_request.status == "pending"
    assert JoinRequest.objects.get(pk=before.pk).invitation == invitation
    assert {a.answer for a in join_request.answers.all()} == {"New words."}
    assert QueueItem.objects.filter(join_request=join_request, status=QueueItem.Status.OPEN).count() == 1
    assert not Membership.objects.filter(user=applicant, group=group).exists()


def test_invitation_lets_people_ask_an_invitation_only_or_hidden_group(hidden_group, other_group, staff, outsider):
    other_group.join_policy = "invitation"
    other_group.save()
    for closed in (hidden_group, other_group):
        with pytest.raises(PermissionDenied, match="invitation only"):
            actions.create_join_request(outsider, closed, _answers(closed))
        used_up, _token = actions.create_invitation(staff, closed, timezone.now() + timedelta(days=1), 1)
        Invitation.objects.filter(pk=used_up.pk).update(uses=1)
        used_up.refresh_from_db()
        with pytest.raises(PermissionDenied, match="Ask the person who sent it for a new one"):
            actions.create_join_request(outsider, closed, _answers(closed), invitation=used_up)
        invitation, _token = actions.create_invitation(staff, closed, timezone.now() + timedelta(days=1), 1)
        join_request = actions.create_join_request(outsider, closed, _answers(closed), invitation=invitation)
        assert join_request.status == "pending"
        assert QueueItem.objects.filter(join_request=join_request, status=QueueItem.Status.OPEN).exists()


def test_invitation_for_another_group_is_refused(group, other_group, staff, outsider):
    invitation, _token = actions.create_invitation(staff, other_group, timezone.now() + timedelta(days=1), 1)
    with pytest.raises(PermissionDenied, match="another group"):
        actions.create_join_request(outsider, group, _answers(group), invitation=invitation)
    assert not JoinRequest.objects.filter(user=outsider).exists()


def test_approving_an_invited_request_makes_the_member(group, moderator, outsider):
    invitation, _token = actions.create_invitation(moderator, group, timezone.now() + timedelta(days=1), 1)
    join_request = actions.create_join_request(outsider, group, _answers(group), invitation=invitation)
    actions.approve_join_request(moderator, join_request)
    assert Membership.objects.get(user=outsider, group=group).role == "member"
    assert JoinRequest.objects.get(pk=join_request.pk).status == "approved"
    assert not QueueItem.objects.filter(join_request=join_request, status=QueueItem.Status.OPEN).exists()


def test_invitation_used_up_expired_or_revoked_is_refused_with_next_step(group, moderator, outsider, other_member):
    invitation, _token = actions.create_invitation(moderator, group, timezone.now() + timedelta(days=1), 1)
    actions.create_join_request(outsider, group, _answers(group), invitation=invitation)
    invitation.refresh_from_db()
    with pytest.raises(PermissionDenied, match="Ask the person who sent it for a new one"):
        actions.create_join_request(other_member, group, {}, invitation=invitation)
    revoked, _token = actions.create_invitation(moderator, group, timezone.now() + timedelta(days=1), 5)
    actions.revoke_invitation(moderator, revoked)
    assert not Invitation.objects.get(pk=revoked.pk).is_usable()


def test_invitation_refuses_professionals_and_banned_people(group, moderator, professional, banned):
    invitation, _token = actions.create_invitation(moderator, group, timezone.now() + timedelta(days=1), 5)
    with pytest.raises(PermissionDenied, match="appoint you as a moderator"):
        actions.create_join_request(professional, group, _answers(group), invitation=invitation)
    with pytest.raises(PermissionDenied, match="cannot lift a ban"):
        actions.create_join_request(banned, group, _answers(group), invitation=invitation)


def test_create_invitation_refuses_members(group, member):
    with pytest.raises(PermissionDenied):
        actions.create_invitation(member, group, timezone.now() + timedelta(days=1), 1)


def test_expire_invitations_deletes_long_unusable_links(group, moderator):
    old, _t = actions.create_invitation(moderator, group, timezone.now() - timedelta(days=31), 1)
    fresh, _t = actions.create_invitation(moderator, group, timezone.now() + timedelta(days=1), 1)
    assert actions.expire_invitations() == 1
    assert list(Invitation.objects.all()) == [fresh]


def test_ban_member_suspends_membership_closes_sockets_and_logs(
    group, member, moderator, closed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        members.ban_member(moderator, group, member, "Selling in the group.", timezone.now() + timedelta(days=7))
    # A ban with an end suspends the membership (it comes back when the ban ends); the gate says BANNED.
    assert Membership.objects.filter(user=member, group=group).exists()
    assert access.standing(member, group).role == access.Role.BANNED
    assert not access.can(member, group, access.Need.SEE)
    closed.assert_called_once_with(member.pk, group.pk, "banned")
    assert ModerationLog.objects.get(action="ban").reason == "Selling in the group."


def test_ban_member_needs_a_reason_and_a_future_end(group, member, moderator):
    with pytest.raises(ValidationError, match="Give a reason"):
        members.ban_member(moderator, group, member, "  ")
    with pytest.raises(ValidationError, match="in the future"):
        members.ban_member(moderator, group, member, "Spam", timezone.now() - timedelta(days=1))
    assert not Ban.objects.filter(user=member).exists()


def test_ban_member_of_an_applicant_declines_the_request(group, applicant, moderator):
    members.ban_member(moderator, group, applicant, "Threats to members.")
    assert JoinRequest.objects.get(user=applicant).status == "declined"


def test_moderators_cannot_act_on_moderators_or_themselves(group, moderator, owner, staff):
    other = UserFactory(display_name="Second Mod")
    Membership.objects.create(group=group, user=other, role="moderator")
    with pytest.raises(PermissionDenied, match="owner or staff"):
        members.remove_member(moderator, group, other)
    with pytest.raises(PermissionDenied, match="yourself"):
        members.mute_member(moderator, group, moderator, timezone.now() + timedelta(hours=1))
    with pytest.raises(PermissionDenied, match="Staff accounts"):
        members.ban_member(owner, group, staff, "No.")
    members.remove_member(owner, group, other)
    assert not Membership.objects.filter(user=other).exists()


def test_mute_member_stops_posting_but_not_reading(group, member, moderator):
    members.mute_member(moderator, group, member, timezone.now() + timedelta(days=1), "Cool down.")
    assert access.can(member, group, access.Need.READ)
    assert not access.can(member, group, access.Need.POST)
    members.mute_member(moderator, group, member, None)
    assert access.can(member, group, access.Need.POST)
    assert [log.action for log in ModerationLog.objects.order_by("id")] == ["mute", "unmute"]


def test_remove_member_closes_sockets_and_they_may_ask_again(
    group, member, moderator, closed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        members.remove_member(moderator, group, member, "Asked to be removed.")
    closed.assert_called_once_with(member.pk, group.pk, "removed")
    assert actions.join_refusal(member, group) is None


def test_leave_group_closes_sockets(group, member, closed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        members.leave_group(member, group)
    closed.assert_called_once_with(member.pk, group.pk, "left")
    assert not access.can(member, group, access.Need.READ)
    with pytest.raises(PermissionDenied, match="nothing to leave"):
        members.leave_group(member, group)


def test_set_member_role_by_owner_and_staff_only(group, member, moderator, owner, staff, professional):
    with pytest.raises(PermissionDenied):
        members.set_member_role(moderator, group, member, "moderator")
    members.set_member_role(owner, group, member, "moderator")
    assert access.can(member, group, access.Need.MODERATE)
    with pytest.raises(PermissionDenied, match="Only staff can appoint a professional"):
        members.set_member_role(owner, group, professional, "moderator")
    members.set_member_role(staff, group, professional, "moderator")
    assert access.can(professional, group, access.Need.MODERATE)
    with pytest.raises(PermissionDenied, match="cannot be ordinary members"):
        members.set_member_role(staff, group, professional, "member")
    assert ModerationLog.objects.filter(action="role_moderator").count() == 2


def test_publish_rules_makes_members_accept_again_before_posting(group, member, moderator):
    rules = members.publish_rules(moderator, group, "Be kind.\nNew: no photos of people.")
    assert rules.version == 2
    assert not access.can(member, group, access.Need.POST)
    assert access.can(moderator, group, access.Need.POST)
    actions.accept_rules(member, group)
    assert access.can(member, group, access.Need.POST)


def test_accept_rules_refuses_non_members_with_next_step(group, outsider):
    with pytest.raises(PermissionDenied, match="ask to join"):
        actions.accept_rules(outsider, group)


def test_set_questions_keeps_at_most_five_and_drops_empty_ones(group, moderator):
    questions = members.set_questions(moderator, group, ["One?", "", "Two?", "3?", "4?", "5?", "6?"])
    assert [q.text for q in questions] == ["One?", "Two?", "3?", "4?", "5?"]


def test_leave_group_leaves_a_row_in_the_moderators_log(group, member):
    members.leave_group(member, group)
    row = ModerationLog.objects.get(action="left")
    assert row.actor == member and row.target_user == member and row.group == group


def test_lift_ban_restores_sight_and_logs(group, banned, moderator):
    ban = Ban.objects.get(user=banned)
    members.lift_ban(moderator, ban, "Talked it through.")
    assert Ban.objects.get(pk=ban.pk).lifted_at is not None
    assert access.can(banned, group, access.Need.SEE)
    row = ModerationLog.objects.get(action="ban_lifted")
    assert (row.actor, row.target_user, row.reason) == (moderator, banned, "Talked it through.")


def test_lift_ban_twice_says_there_is_nothing_more_to_do(group, banned, moderator):
    ban = Ban.objects.get(user=banned)
    members.lift_ban(moderator, ban)
    with pytest.raises(PermissionDenied, match="nothing more to do"):
        members.lift_ban(moderator, ban)
    assert ModerationLog.objects.filter(action="ban_lifted").count() == 1


def test_lift_ban_refuses_members_and_other_groups_moderators(group, banned, member, other_group_moderator):
    ban = Ban.objects.get(user=banned)
    with pytest.raises(PermissionDenied):
        members.lift_ban(member, ban)
    with pytest.raises(PermissionDenied):  # the group is listed: they see it, but it is not theirs
        members.lift_ban(other_group_moderator, ban)
    assert Ban.objects.get(pk=ban.pk).lifted_at is None
    assert not ModerationLog.objects.filter(action="ban_lifted").exists()


def test_lift_ban_lets_a_banned_applicant_ask_again_without_cool_off(group, applicant, moderator):
    ban = members.ban_member(moderator, group, applicant, "Threats to members.")
    assert actions.join_refusal(applicant, group) is not None
    members.lift_ban(moderator, ban)
    assert actions.join_refusal(applicant, group) is None
    actions.create_join_request(applicant, group, _answers(group))
    assert access.standing(applicant, group).role == access.Role.APPLICANT


def test_cool_off_still_applies_to_a_decline_after_a_lifted_ban(group, banned, moderator):
    members.lift_ban(moderator, Ban.objects.get(user=banned))
    request = actions.create_join_request(banned, group, _answers(group))
    actions.decline_join_request(moderator, request, "Not yet.")
    assert "declined" in actions.join_refusal(banned, group)
