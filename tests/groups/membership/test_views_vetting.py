"""Asking to join, deciding, withdrawing, and invitations."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from groups.membership import actions
from groups.models import Invitation, JoinRequest, Membership, hash_token


def _answers(group, text="Some words about me."):
    return {f"answer_{q.pk}": text for q in group.questions.all()}


def test_join_request_form_shows_questions_and_rules(login, group, outsider):
    html = login(outsider).get(reverse("groups:join-request", args=[group.slug])).content.decode()
    assert "How does drug use affect your life?" in html
    assert "No selling or buying." in html


def test_join_request_post_creates_a_pending_request(login, group, outsider):
    response = login(outsider).post(
        reverse("groups:join-request", args=[group.slug]), {**_answers(group), "accept_rules": "on"}
    )
    join_request = JoinRequest.objects.get(user=outsider)
    assert join_request.status == "pending"
    assert response["Location"] == reverse("groups:join-request-detail", args=[group.slug, join_request.pk])


def test_join_request_without_accepting_rules_keeps_what_was_typed(login, group, outsider):
    response = login(outsider).post(reverse("groups:join-request", args=[group.slug]), _answers(group, "My own words"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "tick this box to accept them" in html
    assert "My own words" in html
    assert not JoinRequest.objects.filter(user=outsider).exists()


def test_join_request_too_long_answer_names_the_limit(login, group, outsider):
    data = {**_answers(group, "x" * 2001), "accept_rules": "on"}
    html = login(outsider).post(reverse("groups:join-request", args=[group.slug]), data).content.decode()
    assert "at most 2000 characters" in html
    assert not JoinRequest.objects.filter(user=outsider).exists()


def test_join_request_refused_by_the_pipeline_shows_the_reason_on_the_field(login, group, outsider):
    from moderation.models import WatchedWord

    WatchedWord.objects.create(pattern="cheap pills", action="refuse", reason="No selling here, please.")
    data = {**_answers(group, "I sell cheap pills"), "accept_rules": "on"}
    response = login(outsider).post(reverse("groups:join-request", args=[group.slug]), data)
    assert response.status_code == 200
    assert "No selling here, please." in response.content.decode()
    assert "I sell cheap pills" in response.content.decode()


def test_join_request_by_a_professional_says_why_not(login, group, professional):
    response = login(professional).get(reverse("groups:join-request", args=[group.slug]))
    assert response.status_code == 403
    assert "Staff can appoint you as a moderator" in response.content.decode()


def test_join_request_for_an_invitation_only_listed_group_says_how(login, other_group, outsider):
    other_group.join_policy = "invitation"
    other_group.save()
    response = login(outsider).get(reverse("groups:join-request", args=[other_group.slug]))
    assert response.status_code == 403
    assert "can send you one" in response.content.decode()


def test_join_request_again_during_cool_off_says_when(login, group, outsider, moderator):
    actions.decline_join_request(
        moderator, actions.create_join_request(outsider, group, {q.pk: "x" for q in group.questions.all()})
    )
    response = login(outsider).get(reverse("groups:join-request", args=[group.slug]))
    assert response.status_code == 403
    assert "You can ask again from" in response.content.decode()


def test_join_request_by_an_applicant_goes_to_their_request(login, group, applicant):
    response = login(applicant).get(reverse("groups:join-request", args=[group.slug]))
    join_request = JoinRequest.objects.get(user=applicant)
    assert response["Location"] == reverse("groups:join-request-detail", args=[group.slug, join_request.pk])


def test_join_request_detail_shows_answers_to_moderators_only(login, group, outsider, moderator, member):
    join_request = actions.create_join_request(
        outsider, group, {q.pk: "My private answer" for q in group.questions.all()}
    )
    url = reverse("groups:join-request-detail", args=[group.slug, join_request.pk])
    assert "My private answer" in login(moderator).get(url).content.decode()
    own = login(outsider).get(url).content.decode()
    assert "waiting for a moderator" in own and "My private answer" not in own
    assert login(member).get(url).status_code == 403


def test_join_request_detail_ids_cannot_be_probed_across_groups(
    login, group, other_group, applicant, other_group_moderator
):
    join_request = JoinRequest.objects.get(user=applicant)
    response = login(other_group_moderator).get(
        reverse("groups:join-request-detail", args=[other_group.slug, join_request.pk])
    )
    assert response.status_code == 404


def test_join_request_decide_approve_makes_a_member(login, group, applicant, moderator):
    join_request = JoinRequest.objects.get(user=applicant)
    response = login(moderator).post(
        reverse("groups:join-request-decide", args=[group.slug, join_request.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=applicant, group=group).exists()


def test_join_request_decline_reason_is_shown_to_the_applicant_kindly(login, group, applicant, moderator):
    join_request = JoinRequest.objects.get(user=applicant)
    login(moderator).post(
        reverse("groups:join-request-decide", args=[group.slug, join_request.pk]),
        {"decision": "decline", "reason": "The family group may suit you better."},
    )
    html = (
        login(applicant).get(reverse("groups:join-request-detail", args=[group.slug, join_request.pk])).content.decode()
    )
    assert "Thank you for asking" in html
    assert "The family group may suit you better." in html


def test_join_request_decide_twice_explains_instead_of_failing(login, group, applicant, moderator, owner):
    join_request = JoinRequest.objects.get(user=applicant)
    actions.approve_join_request(owner, join_request)
    response = login(moderator).post(
        reverse("groups:join-request-decide", args=[group.slug, join_request.pk]), {"decision": "decline"}
    )
    assert response.status_code == 200
    assert "no longer waiting" in response.content.decode()


def test_join_request_withdraw_by_the_applicant(login, group, applicant):
    join_request = JoinRequest.objects.get(user=applicant)
    response = login(applicant).post(reverse("groups:join-request-withdraw", args=[group.slug, join_request.pk]))
    assert response.status_code == 302
    assert JoinRequest.objects.get(pk=join_request.pk).status == "withdrawn"


def test_invitation_create_shows_the_link_once_and_stores_a_hash(login, group, moderator):
    client = login(moderator)
    response = client.post(
        reverse("groups:invitation-create", args=[group.slug]),
        {"expires_in": "7", "max_uses": "3", "note": "for the outreach worker"},
    )
    html = response.content.decode()
    invitation = Invitation.objects.get()
    token = html.split("/groups/invite/#")[1].split('"')[0]
    assert invitation.token_hash != token and invitation.max_uses == 3
    assert hash_token(token) == invitation.token_hash
    listing = client.get(reverse("groups:invitation-list", args=[group.slug])).content.decode()
    assert "for the outreach worker" in listing and token not in listing


def test_invitation_create_keeps_input_and_names_the_limit(login, group, moderator):
    response = login(moderator).post(
        reverse("groups:invitation-create", args=[group.slug]),
        {"expires_in": "7", "max_uses": "500", "note": "my note"},
    )
    html = response.content.decode()
    assert "At most 100 people" in html and "my note" in html
    assert not Invitation.objects.exists()


def test_invitation_revoke_stops_the_link(login, group, moderator, outsider):
    invitation, token = actions.create_invitation(moderator, group, timezone.now() + timedelta(days=1), 5)
    login(moderator).post(reverse("groups:invitation-revoke", args=[group.slug, invitation.pk]))
    response = login(outsider).get(reverse("groups:invitation-open", args=[token]))
    assert response.status_code == 403
    assert "Ask the person who sent it for a new one" in response.content.decode()


def test_invitation_open_when_signed_out_goes_through_sign_up_and_back(client, hidden_group, staff, outsider):
    _invitation, token = actions.create_invitation(staff, hidden_group, timezone.now() + timedelta(days=1), 1)
    url = reverse("groups:invitation-open", args=[token])
    response = client.get(url)
    assert response.status_code == 302
    resume = reverse("groups:invitation-resume")
    assert response["Location"] == f"{reverse('account_signup')}?next={resume.replace('/', '%2F')}"  # sign-up first
    assert token not in response["Location"]
    client.force_login(outsider)
    assert token not in repr(dict(client.session))  # the session keeps the invitation's id, never the token
    assert resume in client.get(reverse("home")).content.decode()  # offered again after sign-up or sign-in
    page = client.get(resume).content.decode()
    assert "Remembering together" in page and "Be gentle." in page
    response = client.post(resume, {"accept_rules": "on"})
    assert response.status_code == 302
    assert JoinRequest.objects.get(user=outsider, group=hidden_group).invitation_id == _invitation.pk
    assert "invitation_id" not in client.session  # used: nothing left to offer
    assert client.get(resume).status_code == 404


def test_invitation_resume_without_an_opened_link_is_the_plain_404(login, outsider):
    assert login(outsider).get(reverse("groups:invitation-resume")).status_code == 404


def test_invitation_open_asks_to_join_a_hidden_group_and_shows_the_request(login, hidden_group, staff, outsider):
    invitation, token = actions.create_invitation(staff, hidden_group, timezone.now() + timedelta(days=1), 1, "Kim")
    client = login(outsider)
    response = client.post(reverse("groups:invitation-open", args=[token]), {"accept_rules": "on"})
    assert response["Location"] == reverse("groups:group-home", args=[hidden_group.slug])
    assert not Membership.objects.filter(user=outsider, group=hidden_group).exists()
    join_request = JoinRequest.objects.get(user=outsider, group=hidden_group)
    assert join_request.status == "pending" and join_request.invitation == invitation
    assert Invitation.objects.get(pk=invitation.pk).uses == 1
    page = client.get(response["Location"]).content.decode()
    assert "A moderator will read your answers soon" in page
    assert "Your request to join is waiting for a moderator." in page
    assert reverse("groups:join-request-detail", args=[hidden_group.slug, join_request.pk]) in page
    again = client.get(reverse("groups:invitation-open", args=[token]))
    assert again["Location"] == reverse("groups:group-home", args=[hidden_group.slug])


def test_invited_request_is_in_the_queue_and_its_approval_makes_the_member(login, hidden_group, staff, outsider):
    invitation, token = actions.create_invitation(staff, hidden_group, timezone.now() + timedelta(days=1), 1, "Kim")
    login(outsider).post(reverse("groups:invitation-open", args=[token]), {"accept_rules": "on"})
    join_request = JoinRequest.objects.get(user=outsider, group=hidden_group)
    moderator = login(staff)
    assert "Invited; wants to join" in moderator.get(reverse("moderation:queue")).content.decode()
    detail = moderator.get(reverse("groups:join-request-detail", args=[hidden_group.slug, join_request.pk]))
    assert "an invitation" in detail.content.decode() and "(Kim)" in detail.content.decode()
    moderator.post(
        reverse("groups:join-request-decide", args=[hidden_group.slug, join_request.pk]), {"decision": "approve"}
    )
    assert Membership.objects.get(user=outsider, group=hidden_group).role == "member"
    own = login(outsider).get(reverse("groups:join-request-detail", args=[hidden_group.slug, join_request.pk]))
    assert "(Kim)" not in own.content.decode()


def test_invitation_open_without_accepting_rules_does_not_join(login, group, moderator, outsider):
    _invitation, token = actions.create_invitation(moderator, group, timezone.now() + timedelta(days=1), 1)
    response = login(outsider).post(reverse("groups:invitation-open", args=[token]), _answers(group, "Typed"))
    assert response.status_code == 200 and "Typed" in response.content.decode()
    assert not Membership.objects.filter(user=outsider).exists()


def test_invitation_open_with_a_bad_token_is_the_plain_404(login, group, outsider):
    client = login(outsider)
    bad = client.get(reverse("groups:invitation-open", args=["nope"]))
    absent = client.get(reverse("groups:group-home", args=["no-such-group"]))
    assert bad.status_code == 404 and bad.content == absent.content


def test_a_new_link_carries_the_token_where_no_server_or_history_keeps_it(login, group, moderator):
    """The fragment is never sent to a server: logs and proxies never see the token (issue 17)."""
    html = (
        login(moderator)
        .post(reverse("groups:invitation-create", args=[group.slug]), {"expires_in": "7", "max_uses": "1", "note": ""})
        .content.decode()
    )
    link = html.split('id="invitation-link" type="text" readonly value="')[1].split('"')[0]
    path, _, token = link.partition("#")
    assert path.endswith(reverse("groups:invitation-link")) and len(token) > 20


def test_the_landing_page_posts_the_token_and_keeps_only_the_invitations_id(client, hidden_group, staff, outsider):
    invitation, token = actions.create_invitation(staff, hidden_group, timezone.now() + timedelta(days=1), 1)
    landing = client.get(reverse("groups:invitation-link"))
    assert landing.status_code == 200 and 'name="token"' in landing.content.decode()
    response = client.post(reverse("groups:invitation-link"), {"token": token})
    resume = reverse("groups:invitation-resume")
    assert response["Location"] == f"{reverse('account_signup')}?next={resume.replace('/', '%2F')}"  # sign-up first
    assert client.session["invitation_id"] == invitation.pk and token not in repr(dict(client.session))
    client.force_login(outsider)
    client.session["invitation_id"] = invitation.pk
    assert "Remembering together" in client.get(resume).content.decode()


def test_the_landing_page_signed_in_goes_straight_to_the_invitation(login, hidden_group, staff, outsider):
    _invitation, token = actions.create_invitation(staff, hidden_group, timezone.now() + timedelta(days=1), 1)
    client = login(outsider)
    response = client.post(reverse("groups:invitation-link"), {"token": "#" + token})  # pasted with its "#"
    assert response["Location"] == reverse("groups:invitation-resume")
    assert "Be gentle." in client.get(response["Location"]).content.decode()


def test_a_wrong_code_on_the_landing_page_says_what_to_do_and_keeps_the_field(client, db):
    response = client.post(reverse("groups:invitation-link"), {"token": "not-a-real-token"})
    assert response.status_code == 404
    page = response.content.decode()
    assert "ask the person who sent it for a new one" in page and 'name="token"' in page
