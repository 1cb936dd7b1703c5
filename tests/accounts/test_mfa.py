"""Two-factor (TOTP) is required of moderators and staff before moderation pages and the admin."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from accounts.mfa import must_use_two_factor, needs_two_factor_setup, require_two_factor

SETUP = "/accounts/2fa/totp/activate/"


@pytest.fixture
def required(settings):
    settings.MFA_REQUIRED_FOR_MODERATORS = True


def _with_totp(user):
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "unused"})
    return user


def test_mfa_setup_url_is_allauths_totp_activation():
    assert reverse("mfa_activate_totp") == SETUP


@pytest.mark.parametrize("path", ["/moderation/", "/moderation/alerts/", "/admin/", "/admin/groups/group/"])
def test_mfa_moderator_and_staff_are_sent_to_set_up_totp(client, required, moderator, staff, path):
    for person in (moderator, staff):
        client.force_login(person)
        response = client.get(path)
        assert response.status_code == 302, (person, path)
        assert response["Location"] == SETUP
        shown = [str(m) for m in get_messages(response.wsgi_request)]
        assert any("set up an authenticator app" in m for m in shown)


def test_mfa_setup_page_opens_for_a_moderator_after_confirming_the_password(client, required, moderator, password):
    client.force_login(moderator)
    response = client.get("/moderation/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    assert "set up an authenticator app" in response.content.decode()
    client.post(reverse("account_reauthenticate"), {"password": password})
    response = client.get(SETUP)
    assert response.status_code == 200
    assert b"data:image/svg+xml" in response.content  # the QR code, allowed by img-src data:


def test_mfa_moderator_with_totp_passes(client, required, moderator):
    client.force_login(_with_totp(moderator))
    response = client.get("/moderation/alerts/")
    assert response.get("Location") != SETUP


def test_mfa_staff_with_totp_reaches_the_admin(client, required, staff):
    client.force_login(_with_totp(staff))
    assert client.get("/admin/").status_code == 200


def test_mfa_members_and_outsiders_are_not_asked(client, required, member, outsider, professional):
    for person in (member, outsider, professional):
        client.force_login(person)
        assert client.get("/moderation/alerts/").get("Location") != SETUP
        assert not needs_two_factor_setup(person)


def test_mfa_moderator_elsewhere_on_the_site_is_not_stopped(client, required, moderator):
    client.force_login(moderator)
    assert client.get(reverse("accounts:settings")).status_code == 200
    assert client.get(reverse("home")).status_code == 200


def test_mfa_not_required_when_the_setting_is_off(client, settings, moderator, staff):
    settings.MFA_REQUIRED_FOR_MODERATORS = False
    for person in (moderator, staff):
        client.force_login(person)
        assert client.get("/moderation/alerts/").get("Location") != SETUP
        assert not needs_two_factor_setup(person)


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


def test_mfa_decorator_guards_any_view(rf: RequestFactory, required, moderator, member):
    from django.contrib.messages.storage.fallback import FallbackStorage

    @require_two_factor
    def view(request):
        return HttpResponse("moderator material")

    for person, expected in ((moderator, 302), (member, 200)):
        request = rf.get("/somewhere/")
        request.user = person
        request.session = {}
        request._messages = FallbackStorage(request)
        assert view(request).status_code == expected


def test_mfa_default_is_off_in_tests_and_make_run():
    from django.conf import settings

    assert settings.MFA_REQUIRED_FOR_MODERATORS is False
