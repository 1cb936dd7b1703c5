"""The socket handshake's read of the gate (`access.standing_at`, issue 16): one query for a member, and for every
person of the cast in every group the same answer as `access.standing`, which pages use."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from groups import access
from groups.access import Need, Role
from groups.models import Ban, Group, Membership
from outreach.desk import desk_group
from tests.cast import everyone, join

SLUGS = ("recovery-circle", "family", "remembering")


def answer(group, st):
    return None if st is None else (group.pk, st.role, st.second_factor_missing, st.is_member, st.allows(Need.READ))


@pytest.fixture
def cast(db, settings):
    settings.MFA_REQUIRED_FOR_MODERATORS = True
    return everyone()


@pytest.mark.parametrize("slug", SLUGS)
def test_every_person_stands_where_the_pages_say(cast, slug):
    group = Group.objects.get(slug=slug)
    for name, user in cast.items():
        if name in ("group", "other_group", "hidden_group"):
            continue
        user = user or AnonymousUser()
        found, st = access.standing_at(user, slug)
        assert answer(found, st) == answer(group, access.standing(user, group)), name


def test_a_banned_member_and_an_archived_group(cast):
    group, member, moderator = cast["group"], cast["member"], cast["moderator"]
    Ban.objects.create(group=group, user=member, banned_by=moderator)
    assert access.standing_at(member, group.slug)[1].role == Role.BANNED
    group.archived_at = timezone.now()
    group.save()
    found, st = access.standing_at(moderator, group.slug)
    assert found.archived_at is not None and st.role == Role.MODERATOR and st.allows(Need.READ)


def test_no_group_there_and_the_desk_is_not_a_group_here(cast):
    assert access.standing_at(cast["member"], "no-such-group") == (None, None)
    desk = desk_group()
    join(desk, cast["member"])  # nobody should belong to the desk's group; even then it is not found here
    assert access.standing_at(cast["member"], desk.slug) == (None, None)
    assert access.standing_at(cast["staff"], desk.slug) == (None, None)


def test_a_member_or_moderator_costs_one_query(cast, django_assert_num_queries):
    for name in ("member", "moderator", "moderator_no_totp", "muted"):
        with django_assert_num_queries(1):
            group, st = access.standing_at(cast[name], "recovery-circle")
        assert st.is_member and st.membership.user is cast[name]
    assert Membership.objects.filter(user=cast["moderator_no_totp"]).get().role == "moderator"
    assert access.standing_at(cast["moderator_no_totp"], "recovery-circle")[1].role == Role.MEMBER


def test_a_page_stands_a_member_in_one_query_and_refuses_as_before(cast, django_assert_num_queries):
    """Pages fetch and authorise with access_standing, which reads a member's standing as the handshake does."""
    with django_assert_num_queries(1):
        st = access.access_standing(cast["member"], "recovery-circle")
    assert st.role == Role.MEMBER and st.group.slug == "recovery-circle"
    assert access.access_standing(cast["member"], "recovery-circle", Need.POST).allows(Need.POST)
    with pytest.raises(PermissionDenied):
        access.access_standing(cast["member"], "recovery-circle", Need.MODERATE)
    for name, slug in (("outsider", "remembering"), ("member", "no-such-group")):  # hidden, absent: one 404
        with pytest.raises(Http404):
            access.access_standing(cast[name], slug)


def test_only_an_active_ban_keeps_a_member_out(cast):
    """The handshake's SQL says what `Ban.active_q` says: a lifted ban or one that ended no longer counts."""
    group, member, moderator = cast["group"], cast["member"], cast["moderator"]
    now = timezone.now()
    ban = Ban.objects.create(group=group, user=member, banned_by=moderator, ends_at=now + timedelta(hours=1))
    assert access.standing_at(member, group.slug)[1].role == Role.BANNED
    assert access.standing_at(member, group.slug, now=now + timedelta(hours=2))[1].role == Role.MEMBER
    ban.lifted_at = now
    ban.save()
    assert access.standing_at(member, group.slug)[1].role == Role.MEMBER
    assert access.standing(member, group).role == Role.MEMBER


def test_the_group_and_membership_come_back_as_the_orm_reads_them(cast):
    group, member = cast["group"], cast["member"]
    Membership.objects.filter(user=member).update(muted_until=timezone.now() + timedelta(hours=3))
    found, st = access.standing_at(member, group.slug)
    fresh_group, fresh_membership = Group.objects.get(pk=group.pk), Membership.objects.get(user=member)
    for field in Group._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(fresh_group, field.attname), field.name
    for field in Membership._meta.concrete_fields:
        assert getattr(st.membership, field.attname) == getattr(fresh_membership, field.attname), field.name
    assert st.membership.is_muted() and st.allows(Need.READ) and not st.allows(Need.POST)


# --- a socket frame's re-read (`access.reread`), when the sender's access stamp moved -----------------------------


def posting(st):
    """What a frame's sender may do, as the chat decides it: read, post (rules accepted, not muted), moderate."""
    if not st.may_see():
        return None
    return (st.allows(Need.READ), st.refusal(Need.POST) is None, st.allows(Need.MODERATE))


@pytest.mark.parametrize("slug", SLUGS)
def test_every_person_is_reread_where_the_pages_stand_them(cast, slug):
    group = Group.objects.get(slug=slug)
    for name, user in cast.items():
        if name in ("group", "other_group", "hidden_group") or user is None:
            continue
        fresh, st = access.reread(user, group)
        page = access.standing(type(user).objects.get(pk=user.pk), group)
        assert fresh == user and answer(group, st) == answer(group, page), name
        assert posting(st) == posting(page), name


def test_a_reread_sees_new_rules_a_mute_a_ban_and_a_deactivated_account(cast):
    group, member, moderator = cast["group"], cast["member"], cast["moderator"]
    assert posting(access.reread(member, group)[1]) == (True, True, False)
    newest = group.rules.order_by("-version").first()
    group.rules.create(version=newest.version + 1, text="Be kind.\nNo dealing.", language=newest.language)
    assert access.reread(member, group)[1].refusal(Need.POST) is not None  # the new rules are not accepted yet
    assert posting(access.reread(moderator, group)[1]) == posting(access.standing(moderator, group))
    Membership.objects.filter(user=member, group=group).update(muted_until=timezone.now() + timedelta(hours=1))
    assert access.reread(member, group)[1].membership.is_muted()
    Ban.objects.create(group=group, user=member, banned_by=moderator)
    assert access.reread(member, group)[1].role == Role.BANNED
    type(member).objects.filter(pk=member.pk).update(is_active=False)
    assert access.reread(member, group) == (None, None)


def test_a_reread_of_a_member_costs_one_query(cast, django_assert_num_queries):
    for name in ("member", "moderator", "moderator_no_totp", "muted", "owner"):
        with django_assert_num_queries(1):
            fresh, st = access.reread(cast[name], cast["group"])
            posting(st)
        assert st.membership.user is fresh and fresh.pk == cast[name].pk


def test_a_reread_at_the_desk_stands_a_person_as_the_pages_do(cast):
    desk = desk_group()
    join(desk, cast["member"])  # nobody should belong to the desk's group; even then its membership is not read here
    for name in ("member", "staff", "outsider"):
        fresh, st = access.reread(cast[name], desk)
        assert fresh == cast[name] and answer(desk, st) == answer(desk, access.standing(cast[name], desk)), name
