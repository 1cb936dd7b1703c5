"""`manage.py create_first_admin`: the first staff account signs in without any e-mail being sent."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import CommandError, call_command

from accounts.models import User

STRONG = "lantern-harbour-quietly-47"


def create(capsys, monkeypatch, password=STRONG, email="aino@ngo.example", pseudonym="Admin Aino", *extra):
    monkeypatch.setenv("FIRST_ADMIN_PASSWORD", password)
    call_command("create_first_admin", "--email", email, "--pseudonym", pseudonym, "--no-input", *extra)
    return capsys.readouterr().out


def sign_in(client, email="aino@ngo.example", password=STRONG):
    return client.post("/accounts/login/", {"login": email, "password": password})


@pytest.mark.django_db
def test_first_admin_is_staff_with_a_verified_primary_address(capsys, monkeypatch):
    create(capsys, monkeypatch)
    user = User.objects.get(email="aino@ngo.example")
    assert user.is_staff and user.is_superuser and user.display_name == "Admin Aino"
    assert user.check_password(STRONG)
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == ("aino@ngo.example", True, True)


@pytest.mark.django_db
def test_first_admin_signs_in_without_an_email(client, capsys, monkeypatch):
    create(capsys, monkeypatch)
    response = sign_in(client)
    assert response.status_code == 302
    assert "confirm-email" not in response["Location"]
    assert client.get("/").wsgi_request.user.email == "aino@ngo.example"
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_createsuperuser_account_is_stuck_at_confirm_email(client):
    """Why the command exists (and proof the test above can fail): no verified address, no sign-in."""
    User.objects.create_superuser(email="aino@ngo.example", password=STRONG, display_name="Admin Aino")
    response = sign_in(client)
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]


@pytest.mark.django_db
def test_next_steps_name_the_sign_in_totp_set_up_and_admin_addresses(capsys, monkeypatch, settings):
    settings.MFA_REQUIRED_FOR_MODERATORS = True
    settings.SITE_URL = "https://peers.example.org"
    settings.ADMIN_URL = "staff-door-7f3k/"
    out = create(capsys, monkeypatch)
    assert "https://peers.example.org/accounts/login/" in out
    assert "https://peers.example.org/accounts/2fa/totp/activate/" in out
    assert "required for staff and moderators" in out
    assert "https://peers.example.org/staff-door-7f3k/" in out
    assert "First day" in out
    assert STRONG not in out


@pytest.mark.django_db
def test_with_two_factor_required_the_admin_leads_to_totp_set_up_first(client, capsys, monkeypatch, settings):
    settings.MFA_REQUIRED_FOR_MODERATORS = True
    create(capsys, monkeypatch)
    sign_in(client)
    response = client.get("/" + settings.ADMIN_URL.lstrip("/"))
    assert response.status_code == 302
    assert response["Location"].endswith("/accounts/2fa/totp/activate/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "says"),
    [
        ("short1", "too short"),
        ("password123", "too common"),
        ("4815162342", "entirely numeric"),
        ("aino@ngo.example", "too similar"),
    ],
)
def test_weak_passwords_are_refused_by_the_installations_validators(capsys, monkeypatch, password, says):
    with pytest.raises(CommandError, match=says):
        create(capsys, monkeypatch, password)
    assert not User.objects.exists()
    assert not EmailAddress.objects.exists()


@pytest.mark.django_db
def test_an_address_or_pseudonym_in_use_is_refused(capsys, monkeypatch, member):
    with pytest.raises(CommandError, match="exists already"):
        create(capsys, monkeypatch, STRONG, member.email.upper(), "Someone New")
    with pytest.raises(CommandError, match="taken"):
        create(capsys, monkeypatch, STRONG, "new@ngo.example", member.display_name.lower())
    assert not User.objects.filter(email="new@ngo.example").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("email", "pseudonym"), [("not-an-address", "Admin Aino"), ("aino@ngo.example", "a@b")])
def test_a_bad_address_or_pseudonym_is_refused(capsys, monkeypatch, email, pseudonym):
    with pytest.raises(CommandError):
        create(capsys, monkeypatch, STRONG, email, pseudonym)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_no_input_without_the_password_variable_says_what_to_do(monkeypatch):
    monkeypatch.delenv("FIRST_ADMIN_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="FIRST_ADMIN_PASSWORD"):
        call_command("create_first_admin", "--email", "a@ngo.example", "--pseudonym", "Admin Aino", "--no-input")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_the_prompt_asks_twice_and_refuses_two_different_passwords(monkeypatch):
    monkeypatch.delenv("FIRST_ADMIN_PASSWORD", raising=False)
    answers = iter([STRONG, STRONG + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    with pytest.raises(CommandError, match="differ"):
        call_command("create_first_admin", "--email", "a@ngo.example", "--pseudonym", "Admin Aino")
    answers = iter([STRONG, STRONG])
    call_command("create_first_admin", "--email", "a@ngo.example", "--pseudonym", "Admin Aino")
    assert User.objects.get(email="a@ngo.example").check_password(STRONG)
