"""The gate remembers standings only within one GET request or one socket frame (groups/access/)."""

from django.urls import reverse

from groups import access
from groups.access import Need, Role
from groups.models import Ban, Membership


def test_standing_memo_is_off_outside_requests_and_frames(group, member):
    assert access.standing(member, group).role == Role.MEMBER
    Membership.objects.filter(group=group, user=member).update(role=Membership.Role.MODERATOR)
    assert access.standing(member, group).role == Role.MODERATOR


def test_standing_memo_reads_once_within_a_frame(group, member, django_assert_num_queries):
    def twice():
        first = access.standing(member, group)
        with django_assert_num_queries(0):
            again = access.standing(member, group)
        return first, again

    first, again = access.remembering(twice)
    assert first.role == again.role == Role.MEMBER


def test_standing_memo_forgets_after_a_ban_in_the_same_frame(group, member, moderator):
    def ban_between():
        before = access.can(member, group, Need.READ)
        Ban.objects.create(group=group, user=member, banned_by=moderator)
        return before, access.can(member, group, Need.READ)

    assert access.remembering(ban_between) == (True, False)


def test_standing_memo_does_not_outlive_a_request(login, group, member, moderator):
    client = login(member)
    url = reverse("groups:group-home", args=[group.slug])
    assert client.get(url).status_code == 200
    Ban.objects.create(group=group, user=member, banned_by=moderator)
    assert client.get(url).status_code == 404


def test_reread_refuses_deactivated_and_banned_people(group, member, moderator):
    assert access.reread(member, group)[1].role == Role.MEMBER
    Ban.objects.create(group=group, user=member, banned_by=moderator)
    assert access.reread(member, group)[1].role == Role.BANNED
    member.is_active = False
    member.save()
    assert access.reread(member, group) == (None, None)
