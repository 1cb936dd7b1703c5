"""The gate agrees with itself: every `visible_*` queryset matches the single-object checks.

First exhaustively over the fixed cast x the three groups x every need, then
with Hypothesis over random combinations of membership, role, mute, ban,
pending request, visibility, staff and active flags.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groups import access
from groups.access import Need
from groups.models import Ban, Group, GroupRules, JoinRequest, Membership, Message, Topic
from tests.authz.matrix import ACTORS
from tests.factories import UserFactory

QUERYSETS = {Need.SEE: access.visible_groups, Need.READ: access.readable_groups, Need.MODERATE: access.moderated_groups}
STATUSES = [s.value for s in Message.Status]


def _messages(group, authors):
    """One message per status per author (and one with no author), in the group's chat."""
    topic = group.chat_topic()
    return [
        Message.objects.create(group=group, topic=topic, author=author, body_source="x", body_html="x", status=status)
        for author in [*authors, None]
        for status in STATUSES
    ]


def _may_see_message(user, group, message):
    """The specification, written independently of access.py."""
    if not access.can(user, group, Need.READ):
        return False
    if message.status == Message.Status.PUBLISHED:
        return True
    if message.status in (Message.Status.HELD, Message.Status.HIDDEN):
        return access.can(user, group, Need.MODERATE) or (
            message.author_id is not None and message.author_id == user.pk
        )
    return False


def _outcome(user, group, need):
    try:
        access.access_group(user, group.slug, need)
    except Http404:
        return "404"
    except PermissionDenied:
        return "403"
    return "ok"


def assert_gate_agrees(user, groups, messages):
    for need, queryset in QUERYSETS.items():
        listed = set(queryset(user).filter(pk__in=[g.pk for g in groups]).values_list("pk", flat=True))
        allowed = {g.pk for g in groups if access.can(user, g, need)}
        assert listed == allowed, (need, user, listed, allowed)
    for group in groups:
        seeable = access.can(user, group, Need.SEE)
        for need in Need:
            allowed = access.can(user, group, need)
            expected = "ok" if allowed else ("403" if seeable else "404")
            assert _outcome(user, group, need) == expected, (user, group, need)
        visible = set(access.visible_messages(user, group).values_list("pk", flat=True))
        in_group = [m for m in messages if m.group_id == group.pk]
        assert visible == {m.pk for m in in_group if _may_see_message(user, group, m)}, (user, group)
        for message in in_group:
            try:
                access.access_message(user, group.slug, message.pk, Need.READ)
                fetched = True
            except (Http404, PermissionDenied):
                fetched = False
            assert fetched == (message.pk in visible), (user, message.status)
        topics = list(Topic.objects.filter(group=group, support_member__isnull=True))
        assert topics
        for topic in topics:
            try:
                access.access_topic(user, group.slug, topic.pk, Need.READ)
                fetched = True
            except (Http404, PermissionDenied):
                fetched = False
            assert fetched == access.can(user, group, Need.READ), (user, group, topic)


@pytest.fixture
def cast(request, group, other_group, hidden_group):
    people = {actor: request.getfixturevalue(actor) for actor in ACTORS[1:]}
    Membership.objects.create(group=hidden_group, user=UserFactory(display_name="Hidden Member"))
    JoinRequest.objects.create(group=hidden_group, user=people["outsider"])  # applicant of the hidden group
    return people


def test_gate_agrees_with_itself_for_the_whole_cast(cast, group, other_group, hidden_group):
    groups = [group, other_group, hidden_group]
    messages = [m for g in groups for m in _messages(g, [cast["member"], cast["muted"], cast["moderator"]])]
    for user in [AnonymousUser(), *cast.values()]:
        assert_gate_agrees(user, groups, messages)


def test_cast_standings_are_what_the_matrix_assumes(cast, group, hidden_group):
    assert access.can(cast["outsider"], hidden_group, Need.SEE)  # pending request in the hidden group
    assert not access.can(cast["member"], hidden_group, Need.SEE)
    assert not access.can(cast["banned"], group, Need.SEE)
    assert access.can(cast["staff"], hidden_group, Need.MANAGE)


states = st.fixed_dictionaries(
    {
        "visibility": st.sampled_from(["listed", "hidden"]),
        "role": st.sampled_from([None, "member", "moderator", "owner"]),
        "muted": st.booleans(),
        "ban": st.sampled_from([None, "active", "expired", "lifted", "until-later"]),
        "pending": st.booleans(),
        "staff": st.booleans(),
        "active": st.booleans(),
        "professional": st.booleans(),
        "rules_outdated": st.booleans(),
    }
)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(state=states)
def test_gate_agrees_with_itself_for_random_states(state):
    with transaction.atomic():
        _check_state(state)
        transaction.set_rollback(True)


def _check_state(state):
    now = timezone.now()
    group = Group.objects.create(name="G", slug="g", kind="recovery", visibility=state["visibility"])
    GroupRules.objects.create(group=group, version=1, text="Be kind.")
    other = Group.objects.create(name="H", slug="h", kind="family", visibility="hidden")
    user = UserFactory(is_staff=state["staff"], is_active=state["active"], is_professional=state["professional"])
    author = UserFactory()
    Membership.objects.create(group=group, user=author)
    if state["role"]:
        Membership.objects.create(
            group=group,
            user=user,
            role=state["role"],
            rules_version_accepted=0 if state["rules_outdated"] else 1,
            muted_until=now + timedelta(hours=1) if state["muted"] else None,
        )
    if state["ban"]:
        ends = {"expired": now - timedelta(hours=1), "until-later": now + timedelta(days=1)}.get(state["ban"])
        lifted = now - timedelta(minutes=5) if state["ban"] == "lifted" else None
        Ban.objects.create(group=group, user=user, reason="r", ends_at=ends, lifted_at=lifted)
    if state["pending"]:
        JoinRequest.objects.create(group=group, user=user)
    messages = _messages(group, [user, author]) + _messages(other, [author])
    assert_gate_agrees(user, [group, other], messages)
