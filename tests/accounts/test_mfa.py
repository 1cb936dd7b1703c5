"""Two-factor (TOTP) is required of moderators and staff, and the gate is where it is enforced.

While the setting is on, a moderator or staff member without TOTP is, for the gate, an ordinary
member of the groups they belong to: no vetting, no held messages, no queue, no staff reading of
other groups. The admin (which does not ask the gate) sends them to set TOTP up, and every page
they open says how. The authorization matrix (tests/authz) has a row for each URL and socket action.
"""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.mfa import must_use_two_factor, needs_two_factor_setup
from groups import access
from groups.access import Need
from groups.models import JoinRequest, Message, Topic
from moderation import queue
from moderation.models import QueueItem
from tests.factories import with_totp

SETUP = "/accounts/2fa/totp/activate/"
EXPLAINS = "need two-factor sign-in"


@pytest.fixture
def required(two_factor_required):
    return True


def test_mfa_setup_url_is_allauths_totp_activation():
    assert reverse("mfa_activate_totp") == SETUP


@pytest.mark.parametrize("path", ["/admin/", "/admin/groups/group/"])
def test_mfa_admin_sends_staff_to_set_up_totp(client, required, staff, path):
    client.force_login(staff)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == SETUP
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("set up an authenticator app" in m for m in shown)


def test_mfa_setup_page_opens_after_confirming_the_password(client, required, staff, password):
    client.force_login(staff)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": password})
    response = client.get(SETUP)
    assert response.status_code == 200
    assert b"data:image/svg+xml" in response.content  # the QR code, allowed by img-src data:


def test_mfa_staff_with_totp_reaches_the_admin(client, required, staff):
    with_totp(staff)
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


def test_mfa_moderator_without_totp_stands_as_a_member(required, group, moderator, owner):
    for person in (moderator, owner):
        st = access.standing(person, group)
        assert st.role == access.Role.MEMBER and st.second_factor_missing
        assert access.can(person, group, Need.READ)
        assert access.can(person, group, Need.POST)
        assert not access.can(person, group, Need.MODERATE)
        assert not access.can(person, group, Need.MANAGE)
        assert not access.moderated_groups(person).exists()
        assert queue.moderation_totals(person) == {"groups": 0, "items": 0}


def test_mfa_moderator_with_totp_moderates(required, group, moderator):
    with_totp(moderator)
    assert access.can(moderator, group, Need.MODERATE)
    assert list(access.moderated_groups(moderator)) == [group]


def test_mfa_refusal_explains_how_to_set_it_up(client, required, group, moderator, applicant):
    pending = JoinRequest.objects.get(group=group, user=applicant)
    client.force_login(moderator)
    response = client.get(reverse("groups:join-request-detail", args=[group.slug, pending.pk]))
    assert response.status_code == 403
    page = response.content.decode()
    assert EXPLAINS in page and SETUP in page
    assert "How does drug use affect your life?" not in page


def test_mfa_held_messages_stay_hidden_from_a_moderator_without_totp(client, required, group, moderator, member):
    topic = Topic.objects.create(group=group, title="Nights", created_by=member)
    Message.objects.create(
        group=group, topic=topic, author=member, body_source="waiting", body_html="<p>waiting words</p>", status="held"
    )
    client.force_login(moderator)
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "waiting words" not in page
    with_totp(moderator)
    assert "waiting words" in client.get(topic.get_absolute_url()).content.decode()


def test_mfa_staff_without_totp_reads_no_group(client, required, staff, group, hidden_group):
    client.force_login(staff)
    for url in (
        reverse("groups:chat", args=[hidden_group.slug]),
        reverse("groups:member-list", args=[hidden_group.slug]),
    ):
        assert client.get(url).status_code == 404
    response = client.get(reverse("groups:chat", args=[group.slug]))
    assert response.status_code == 403 and EXPLAINS in response.content.decode()
    assert not access.readable_groups(staff).exists()
    with pytest.raises(PermissionDenied, match="two-factor"):
        access.check_staff(staff)
    assert client.get(reverse("moderation:bad-batch-list")).status_code == 403


def test_mfa_staff_with_totp_reads_every_group(client, required, staff, hidden_group):
    with_totp(staff)
    client.force_login(staff)
    assert client.get(reverse("groups:chat", args=[hidden_group.slug])).status_code == 200


def test_mfa_every_page_shows_how_to_set_it_up_and_hides_the_queue_link(client, required, moderator):
    client.force_login(moderator)
    page = client.get(reverse("home")).content.decode()
    assert 'id="second-factor-banner"' in page and SETUP in page
    assert reverse("moderation:queue") + '"' not in page
    with_totp(moderator)
    page = client.get(reverse("home")).content.decode()
    assert 'id="second-factor-banner"' not in page


def test_mfa_urgent_items_notify_only_moderators_with_totp(
    required, group, member, moderator, owner, chat, django_capture_on_commit_callbacks
):
    from accounts.models import Notification
    from moderation import pipeline
    from moderation.models import WatchedWord

    with_totp(owner)
    WatchedWord.objects.create(pattern="want to die", action=WatchedWord.Action.CRISIS, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        result = pipeline.submit(member, group, "I want to die tonight", kind=pipeline.Kind.MESSAGE, topic=chat)
    assert QueueItem.objects.filter(message=result.message).exists()
    notified = set(Notification.objects.filter(kind="urgent").values_list("user_id", flat=True))
    assert owner.pk in notified and moderator.pk not in notified


def test_mfa_members_and_outsiders_are_not_asked(required, member, outsider, professional):
    for person in (member, outsider, professional):
        assert not needs_two_factor_setup(person)


def test_mfa_not_required_when_the_setting_is_off(settings, group, moderator, staff):
    settings.MFA_REQUIRED_FOR_MODERATORS = False
    for person in (moderator, staff):
        assert not needs_two_factor_setup(person)
    assert access.can(moderator, group, Need.MODERATE)


def test_mfa_moderator_of_another_group_and_owner_count_as_moderators(
    required, owner, other_group_moderator, banned, muted
):
    assert must_use_two_factor(owner)
    assert must_use_two_factor(other_group_moderator)
    assert not must_use_two_factor(muted)
    assert not must_use_two_factor(banned)


def test_mfa_guard_follows_a_moved_admin_url(client, required, settings, staff):
    settings.ADMIN_URL = "staff-door/"
    client.force_login(staff)
    assert client.get("/staff-door/anything/")["Location"] == SETUP


def test_mfa_default_is_off_in_tests_and_make_run():
    from django.conf import settings

    assert settings.MFA_REQUIRED_FOR_MODERATORS is False
