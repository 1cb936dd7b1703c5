"""Create the installation's first staff account, with a verified e-mail address, without SMTP.

`createsuperuser` leaves the address unverified, so allauth sends the new admin to
/accounts/confirm-email/ and waits for an e-mail that a server without working SMTP never sends.
This command makes the account and its allauth EmailAddress (verified, primary) in one transaction,
checks the password with the installation's AUTH_PASSWORD_VALIDATORS, and prints the next steps.

    python manage.py create_first_admin --email admin@example.org --pseudonym "Admin Aino"
The password comes from the FIRST_ADMIN_PASSWORD environment variable when it is set (scripts,
`docker compose run -e`), otherwise from a prompt (asked twice, never echoed).
"""

import getpass
import os

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse

from accounts.mfa import SETUP_URL_NAME
from accounts.models import User
from accounts.validators import validate_pseudonym

PASSWORD_VARIABLE = "FIRST_ADMIN_PASSWORD"


def create_first_admin(email, pseudonym, password):
    """A staff superuser whose e-mail address is verified and primary; ValidationError says what is wrong."""
    email = User.objects.normalize_email(email.strip())
    pseudonym = pseudonym.strip()
    validate_email(email)
    validate_pseudonym(pseudonym)
    if User.objects.filter(email__iexact=email).exists() or EmailAddress.objects.filter(email__iexact=email).exists():
        raise ValidationError(f"An account with {email} exists already: sign in with it, or choose another address.")
    if User.objects.filter(display_name__iexact=pseudonym).exists():
        raise ValidationError(f"The pseudonym {pseudonym!r} is taken: choose another.")
    candidate = User(email=email, display_name=pseudonym)
    password_validation.validate_password(password, candidate)
    with transaction.atomic():
        user = User.objects.create_superuser(email=email, password=password, display_name=pseudonym)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def next_steps():
    site = settings.SITE_URL.rstrip("/")
    steps = [
        f"1. Sign in at {site}{reverse('account_login')} with this e-mail address and password.",
        f"2. Set up two-factor sign-in (an authenticator app) at {site}{reverse(SETUP_URL_NAME)}"
        + (
            ": it is required for staff and moderators here before the admin and the moderation pages open."
            if settings.MFA_REQUIRED_FOR_MODERATORS
            else " (MFA_REQUIRED_FOR_MODERATORS is off: turn it on in production)."
        ),
        f"3. The Django admin is at {site}/{settings.ADMIN_URL.lstrip('/')} (ADMIN_URL): keep that address private.",
        "4. Then follow 'First day' in README.md: the first group and its rules, crisis resources, "
        "and inviting the first moderators.",
    ]
    return "\n".join(steps)


class Command(BaseCommand):
    help = "Create the first staff account with a verified e-mail address (no SMTP needed) and print the next steps."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The admin's sign-in address (never shown to members).")
        parser.add_argument("--pseudonym", required=True, help="The name members see, e.g. 'Admin Aino'.")
        parser.add_argument(
            "--no-input", action="store_true", help=f"Never prompt: the password must be in {PASSWORD_VARIABLE}."
        )

    def handle(self, *args, **options):
        password = self._password(options["no_input"])
        try:
            user = create_first_admin(options["email"], options["pseudonym"], password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Staff account {user.display_name!r} created; its e-mail is verified."))
        self.stdout.write(next_steps())

    def _password(self, no_input):
        if os.environ.get(PASSWORD_VARIABLE):
            return os.environ[PASSWORD_VARIABLE]
        if no_input:
            raise CommandError(f"Set {PASSWORD_VARIABLE} or leave out --no-input to be asked for the password.")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ: run the command again.")
        return first
