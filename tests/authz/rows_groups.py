"""Rows for membership, vetting, invitations and group management (groups/membership/).

Reading the rows: `members_only` and `moderators_only` (matrix.py) give the
common shape; the overrides say where a page differs, e.g. the join page sends
people who are already inside to the group (302) and refuses professionals (403).
"""

from datetime import timedelta

from django.utils import timezone

from groups.membership.actions import create_invitation
from groups.models import Ban, JoinRequest, Membership
from tests.authz.matrix import (
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REDIRECT,
    SIGNUP,
    Row,
    expect,
    members_only,
    moderators_only,
)
from tests.factories import UserFactory


def setup(world):
    world.target_member = UserFactory(display_name="Target Member")
    Membership.objects.create(group=world.group, user=world.target_member, rules_version_accepted=1)
    world.pending_request = JoinRequest.objects.get(group=world.group, user=world.applicant, status="pending")
    in_a_week = timezone.now() + timedelta(days=7)
    world.invitation, world.invite_token = create_invitation(world.owner, world.group, in_a_week, 50)
    world.ban_to_lift = Ban.objects.create(group=world.group, user=UserFactory(), reason="Selling.")
    _hidden, world.hidden_invite_token = create_invitation(world.staff, world.hidden_group, in_a_week, 50)


def slug(w):
    return {"slug": w.group.slug}


def hidden(w):
    return {"slug": w.hidden_group.slug}


def request_kwargs(w):
    return {"slug": w.group.slug, "pk": w.pending_request.pk}


def target(w):
    return {"slug": w.group.slug, "user_id": w.target_member.pk}


def lift(w):
    return {"slug": w.group.slug, "ban_id": w.ban_to_lift.pk}


def answers(w):
    return {**{f"answer_{q.pk}": "Some words about me." for q in w.group.questions.all()}, "accept_rules": "on"}


def _ok_becomes(expected, status):
    """The same row for a POST: where GET shows the form, a valid POST redirects."""
    return {actor: status if code == OK else code for actor, code in expected.items()}


# Everyone who may see the group gets the page; the banned get the 404 of an absent group.
SEEABLE = members_only(OK, seeable=OK)
HIDDEN_PAGE = expect(NOT_FOUND, anonymous=LOGIN, staff=OK)
POST_ONLY = expect(NOT_ALLOWED, anonymous=LOGIN)
INSIDE = {"member": REDIRECT, "moderator": REDIRECT, "owner": REDIRECT, "muted": REDIRECT, "staff": REDIRECT}
JOIN = expect(OK, anonymous=LOGIN, applicant=REDIRECT, banned=NOT_FOUND, professional=FORBIDDEN, **INSIDE)
INVITED = expect(OK, anonymous=LOGIN, banned=FORBIDDEN, professional=FORBIDDEN, **INSIDE)
MANAGERS = moderators_only(OK, moderator=FORBIDDEN)

ROWS = [
    Row("groups:group-list", expect(OK, anonymous=LOGIN)),
    Row("groups:group-home", SEEABLE, slug),
    Row("groups:group-home", HIDDEN_PAGE, hidden, note="hidden group"),
    Row("groups:group-home", expect(NOT_FOUND, anonymous=LOGIN), lambda w: {"slug": "no-such-group"}, note="absent"),
    Row("groups:group-rules", SEEABLE, slug),
    Row("groups:group-rules", HIDDEN_PAGE, hidden, note="hidden group"),
    Row(
        "groups:group-rules",
        members_only(REDIRECT, staff=FORBIDDEN),
        slug,
        method="POST",
        note="accept: only members have something to accept",
    ),
    Row("groups:join-request", JOIN, slug),
    Row("groups:join-request", _ok_becomes(JOIN, REDIRECT), slug, method="POST", data=answers),
    Row(
        "groups:join-request",
        expect(NOT_FOUND, anonymous=LOGIN, staff=REDIRECT),
        hidden,
        note="hidden group: invitation only",
    ),
    Row("groups:join-request-detail", moderators_only(OK, applicant=OK), request_kwargs),
    Row("groups:join-request-withdraw", POST_ONLY, request_kwargs),
    Row(
        "groups:join-request-withdraw",
        moderators_only(FORBIDDEN, applicant=REDIRECT),
        request_kwargs,
        method="POST",
        note="only the applicant",
    ),
    Row("groups:join-request-decide", POST_ONLY, request_kwargs),
    Row(
        "groups:join-request-decide",
        moderators_only(REDIRECT),
        request_kwargs,
        method="POST",
        data=lambda w: {"decision": "approve"},
    ),
    Row("groups:invitation-list", moderators_only(OK), slug),
    Row("groups:invitation-list", HIDDEN_PAGE, hidden, note="hidden group"),
    Row("groups:invitation-create", moderators_only(OK), slug),
    Row(
        "groups:invitation-create",
        moderators_only(OK),
        slug,
        method="POST",
        data=lambda w: {"expires_in": "7", "max_uses": "1"},
        note="shows the link once",
    ),
    Row("groups:invitation-revoke", POST_ONLY, lambda w: {"slug": w.group.slug, "pk": w.invitation.pk}),
    Row(
        "groups:invitation-revoke",
        moderators_only(REDIRECT),
        lambda w: {"slug": w.group.slug, "pk": w.invitation.pk},
        method="POST",
    ),
    Row("groups:invitation-link", expect(OK), note="the landing page holds no token"),
    Row(
        "groups:invitation-link",
        expect(REDIRECT, anonymous=SIGNUP),
        method="POST",
        data=lambda w: {"token": w.invite_token},
        note="the token from the fragment: only the invitation's id is kept",
    ),
    Row(
        "groups:invitation-link",
        expect(NOT_FOUND),
        method="POST",
        data=lambda w: {"token": "not-a-real-token"},
        note="unknown token",
    ),
    Row("groups:invitation-open", {**INVITED, "anonymous": SIGNUP}, lambda w: {"token": w.invite_token}),
    Row(
        "groups:invitation-open",
        {**_ok_becomes(INVITED, REDIRECT), "anonymous": SIGNUP},
        lambda w: {"token": w.invite_token},
        method="POST",
        data=answers,
        note="asks to join: a pending request for the moderators",
    ),
    Row(
        "groups:invitation-open",
        expect(OK, anonymous=SIGNUP, professional=FORBIDDEN, staff=REDIRECT),
        lambda w: {"token": w.hidden_invite_token},
        note="the link shows a hidden group",
    ),
    Row(
        "groups:invitation-open",
        expect(NOT_FOUND, anonymous=LOGIN),
        lambda w: {"token": "not-a-real-token"},
        note="unknown token",
    ),
    Row("groups:member-list", moderators_only(OK), slug),
    Row("groups:member-list", HIDDEN_PAGE, hidden, note="hidden group"),
    Row("groups:member-remove", moderators_only(OK), target),
    Row("groups:member-remove", moderators_only(REDIRECT), target, method="POST", data=lambda w: {"reason": ""}),
    Row("groups:member-ban", moderators_only(OK), target),
    Row("groups:member-ban", moderators_only(REDIRECT), target, method="POST", data=lambda w: {"reason": "Selling."}),
    Row("groups:member-mute", moderators_only(OK), target),
    Row("groups:member-mute", moderators_only(REDIRECT), target, method="POST", data=lambda w: {"period": "1d"}),
    Row("groups:member-role", MANAGERS, target),
    Row(
        "groups:member-role",
        moderators_only(REDIRECT, moderator=FORBIDDEN),
        target,
        method="POST",
        data=lambda w: {"role": "moderator"},
    ),
    Row("groups:moderator-add", MANAGERS, slug),
    Row(
        "groups:moderator-add",
        moderators_only(REDIRECT, moderator=FORBIDDEN),
        slug,
        method="POST",
        data=lambda w: {"pseudonym": "Target Member"},
    ),
    Row("groups:ban-list", moderators_only(OK), slug),
    Row("groups:ban-list", expect(NOT_ALLOWED, anonymous=LOGIN), slug, method="POST", note="read only"),
    Row("groups:ban-list", HIDDEN_PAGE, hidden, note="hidden group"),
    Row("groups:ban-lift", POST_ONLY, lift),
    Row("groups:ban-lift", moderators_only(REDIRECT), lift, method="POST", data=lambda w: {"reason": ""}),
    Row("groups:group-leave", members_only(OK, staff=FORBIDDEN), slug),
    Row("groups:group-leave", members_only(REDIRECT, staff=FORBIDDEN), slug, method="POST"),
    Row("groups:rules-edit", moderators_only(OK), slug),
    Row(
        "groups:rules-edit",
        moderators_only(REDIRECT),
        slug,
        method="POST",
        data=lambda w: {"text": "Be kind.\nKeep names private."},
    ),
    Row("groups:questions-edit", moderators_only(OK), slug),
    Row(
        "groups:questions-edit",
        moderators_only(REDIRECT),
        slug,
        method="POST",
        data=lambda w: {"question_1": "What brings you here?"},
    ),
]
