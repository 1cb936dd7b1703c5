"""Who is in a group (groups/access/people.py): the gate's lists of people. Who hears of what through them
(staff are told nothing group by group) is proved in tests/accounts/notifications/test_recipients.py."""

import pytest
from django.http import Http404

from groups import access
from groups.models import Membership


def test_reader_ids_names_each_member_once_with_their_first_group(member, group, other_group, staff):
    Membership.objects.create(group=other_group, user=member)
    readers = access.reader_ids([group.pk, other_group.pk])
    assert readers[member.pk] == min(group.pk, other_group.pk)
    assert staff.pk not in readers


def test_group_person_is_404_for_someone_without_a_trace_in_the_group(moderator, member, group, outsider):
    st = access.standing(moderator, group)
    assert access.group_person(st, member.pk) == member
    with pytest.raises(Http404):
        access.group_person(st, outsider.pk)
    with pytest.raises(Http404):  # only for someone who may moderate the group
        access.group_person(access.standing(member, group), member.pk)
