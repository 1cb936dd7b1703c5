"""Members see who moderates and who is a professional: on messages (page and socket), in the member list,
and they are told when a professional becomes a moderator of their group (a notification and a notice)."""

import pytest
from django.urls import reverse

from accounts.notifications.inbox import describe, target_url, visible_notifications
from accounts.notifications.models import Notification
from groups import live
from groups.membership import members
from groups.models import Membership, Message
from moderation.pipeline import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def appointed(staff, group, professional):
    members.set_member_role(staff, group, professional, "moderator")
    return professional


def test_members_are_told_when_a_professional_becomes_a_moderator(member, muted, appointed, group, client):
    told = Notification.objects.filter(kind=Notification.Kind.PRO_MODERATOR, group=group)
    assert set(told.values_list("user_id", flat=True)) >= {member.pk, muted.pk}
    assert not told.filter(user=appointed).exists()
    notice = told.get(user=member)
    assert notice in visible_notifications(member)
    assert describe(notice) == (
        "Pro Worker, a professional, is now a moderator of Recovery circle and reads what is written there."
    )
    assert target_url(notice) == group.get_absolute_url()
    client.force_login(member)
    page = client.get(reverse("groups:group-home", args=[group.slug])).content.decode()
    assert "A professional moderates this group and reads what is written here: Pro Worker." in page


def test_a_peer_moderator_or_a_second_appointment_tells_nobody(staff, group, member, other_member, appointed):
    before = Notification.objects.filter(kind=Notification.Kind.PRO_MODERATOR).count()
    members.set_member_role(staff, group, other_member, "moderator")
    members.set_member_role(staff, group, appointed, "owner")  # already moderating: nothing new to tell
    assert Notification.objects.filter(kind=Notification.Kind.PRO_MODERATOR).count() == before


def test_messages_carry_the_badges_on_the_page_and_on_the_socket(appointed, group, member, moderator, client, chat):
    submit(appointed, group, "Hello, I am the nurse who moderates here.", topic=chat)
    submit(member, group, "Hi.", topic=chat)
    pro, peer = Message.objects.filter(topic=chat).order_by("pk")
    frames = live.serialize_messages([pro, peer])
    assert (frames[0]["moderator"], frames[0]["professional"]) == (True, True)
    assert (frames[1]["moderator"], frames[1]["professional"]) == (False, False)
    assert live.serialize_message(pro)["moderator"] is True
    client.force_login(member)
    page = client.get(reverse("groups:chat", args=[group.slug])).content.decode()
    line = page[page.index(f'id="m{pro.pk}"') :][:600]
    assert "Moderator</span>" in line and "Professional</span>" in line
    other_line = page[page.index(f'id="m{peer.pk}"') :][:400]
    assert "role-badge" not in other_line


def test_the_member_list_shows_the_badges_where_members_see_it(appointed, group, member, client):
    group.members_see_member_list = True
    group.save()
    client.force_login(member)
    page = client.get(reverse("groups:member-list", args=[group.slug])).content.decode()
    row = page[page.index("Pro Worker") :][:300]
    assert "Moderator</span>" in row and "Professional</span>" in row
    assert Membership.objects.get(group=group, user=appointed).role == "moderator"
