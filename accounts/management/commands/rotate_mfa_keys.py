"""Re-encrypt every stored two-factor secret with the newest MFA_ENCRYPTION_KEYS key (accounts/mfa_adapter.py)."""

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.mfa_adapter import rotate

SECRET_FIELDS = ("secret", "seed")


class Command(BaseCommand):
    help = "Re-encrypt two-factor secrets with the newest key in MFA_ENCRYPTION_KEYS (also encrypts old plaintext)."

    def handle(self, *args, **options):
        count = 0
        with transaction.atomic():
            for authenticator in Authenticator.objects.select_for_update():
                data = dict(authenticator.data)
                changed = False
                for field, value in data.items():
                    if field in SECRET_FIELDS and isinstance(value, str):
                        data[field], changed = rotate(value), True
                    elif field.endswith("_codes") and isinstance(value, list):  # recovery codes kept one by one
                        data[field], changed = [rotate(code) for code in value], True
                if changed:
                    authenticator.data = data
                    authenticator.save(update_fields=["data"])
                    count += 1
        self.stdout.write(f"{count} two-factor secrets re-encrypted with the newest key.")
