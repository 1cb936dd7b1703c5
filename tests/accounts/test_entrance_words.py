"""allauth's pages and e-mails in the product's voice (issue 20): plain sentences, no "Sign In" /
"Remember Me" boilerplate, and a person to write to wherever someone may give up."""

import gettext
import re
from pathlib import Path

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core import mail
from django.urls import reverse
from django.utils import translation

from tests.factories import PASSWORD, with_totp
from tests.peersupport.test_i18n import visible_text

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_catalogs")]

BOILERPLATE = ["Sign In", "Remember Me", "Sign Up", "Signup", "Password (again)", "Verify Your Email Address"]
SIGNUP = {
    "display_name": "Night Owl",
    "email": "owl@example.net",
    "password1": "sleepless-at-3am-42",
    "password2": "sleepless-at-3am-42",
}


def _page(client, name, **kwargs):
    response = client.get(reverse(name), **kwargs)
    assert response.status_code == 200
    return visible_text(response.content.decode())


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_reset_password"])
def test_entrance_pages_speak_plainly_without_allauths_boilerplate(client, name):
    text = _page(client, name)
    assert not [phrase for phrase in BOILERPLATE if phrase in text]


def test_sign_in_says_what_keeping_signed_in_means(client):
    text = _page(client, "account_login")
    assert "Keep me signed in on this device" in text and "shared or borrowed device" in text
    assert "Create an account" in text and "Forgot your password?" in text


def test_sign_in_keeps_where_the_person_was_going_in_the_sign_up_link(client):
    html = client.get(reverse("account_login") + "?next=/groups/invite/abc/").content.decode()
    assert re.search(r'href="/accounts/signup/\?next=(%2F|/)groups(%2F|/)invite', html)


def test_sign_up_and_the_confirmation_step_name_a_person_to_write_to(client, settings):
    settings.SUPPORT_CONTACT = "apu@jarjesto.example"
    assert "apu@jarjesto.example" in _page(client, "account_signup")
    response = client.post(reverse("account_signup"), SIGNUP, follow=True)
    text = visible_text(response.content.decode())
    assert "Check your e-mail" in text and "spam" in text
    assert "apu@jarjesto.example" in text
    assert "apu@jarjesto.example" in mail.outbox[-1].body


def test_the_confirmation_page_and_email_read_in_finnish(client, settings):
    settings.SUPPORT_CONTACT = "apu@jarjesto.example"
    response = client.post(reverse("account_signup"), SIGNUP, follow=True, HTTP_ACCEPT_LANGUAGE="fi")
    text = visible_text(response.content.decode())
    assert "Tarkista sähköpostisi" in text and "Check your e-mail" not in text
    with translation.override("fi"):
        assert "Eikö linkki toiminut" in mail.outbox[-1].body


def test_sign_in_page_is_finnish_for_a_finnish_browser(client):
    text = _page(client, "account_login", HTTP_ACCEPT_LANGUAGE="fi")
    assert "Pysy kirjautuneena tällä laitteella" in text and "Muista minut" not in text


def test_the_second_step_has_one_finnish_name_everywhere():
    """ "Two-factor" was "kaksivaiheinen kirjautuminen" on some pages and "tunnistautuminen" on others."""
    with open(ROOT / "locale/fi/LC_MESSAGES/django.mo", "rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog
    finnish = [v for k, v in catalog.items() if isinstance(k, str) and re.search(r"two-factor|two-step", k, re.I)]
    assert finnish and all("kaksivaihei" in v.lower() and "tunnistautumi" in v.lower() for v in finnish), finnish
    assert not [v for v in catalog.values() if re.search(r"kaksivaihei\w* (kirjautumi|tunnistu[sk])", v, re.I)]


def test_the_authenticator_pages_use_the_same_words(login, staff):
    text = visible_text(login(staff).get(reverse("mfa_index"), HTTP_ACCEPT_LANGUAGE="fi").content.decode())
    assert "Kaksivaiheinen tunnistautuminen" in text and "Two-Factor" not in text


def test_the_e_mail_page_says_who_sees_the_address_in_plain_words(login, member):
    text = visible_text(login(member).get(reverse("account_email")).content.decode())
    assert "Only you and the staff see it." in text
    assert not [w for w in ("Email Address", "Change Email", "Re-send Verification", "Current email") if w in text]


@pytest.mark.parametrize("ticked", [False, True])
def test_keep_me_signed_in_does_what_it_says(client, member, ticked):
    """Unticked ("Leave it unticked on a shared or borrowed device"), the session ends when the browser
    closes: the cookie carries no expiry. Ticked, it outlives the browser."""
    data = {"login": member.email, "password": PASSWORD, **({"remember": "on"} if ticked else {})}
    response = client.post(reverse("account_login"), data)
    assert response.status_code == 302 and "_auth_user_id" in client.session
    assert client.session.get_expire_at_browser_close() is not ticked
    assert bool(response.cookies["sessionid"]["expires"]) is ticked


def _confirmed(client, person):
    client.force_login(person)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    return client


def test_confirming_it_is_you_says_why_in_plain_words(client, member):
    client.force_login(member)
    text = _page(client, "account_reauthenticate")
    assert "Confirm it is you" in text and "Type your password again." in text
    assert "reauthenticate" not in text.lower() and "Confirm Access" not in text


def test_recovery_codes_say_what_they_are_and_where_to_keep_them(client, member):
    with_totp(member)
    RecoveryCodes.activate(member)
    _confirmed(client, member)
    text = _page(client, "mfa_view_recovery_codes")
    assert "10 of 10 codes are still unused" in text and "password manager" in text
    assert "Recovery Codes" not in text and "There are" not in text
    text = _page(client, "mfa_generate_recovery_codes")
    assert "the old codes stop working at once" in text and "Keep my codes" in text
    assert "Are you sure?" not in text


def test_recovery_codes_read_in_finnish(client, member):
    with_totp(member)
    RecoveryCodes.activate(member)
    _confirmed(client, member)
    text = _page(client, "mfa_view_recovery_codes", HTTP_ACCEPT_LANGUAGE="fi")
    assert "Palautuskoodit" in text and "password manager" not in text
