"""Re-encrypt every companion text with the newest COMPANION_ENCRYPTION_KEYS key (accounts/companion/crypto.py)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.companion import models
from accounts.companion.crypto import EncryptedTextField


def encrypted_models():
    for name in models.__all__:
        model = getattr(models, name)
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields:
            yield model, fields


class Command(BaseCommand):
    help = "Re-encrypt the recovery companion's text with the newest key in COMPANION_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        count = 0
        for model, fields in encrypted_models():
            with transaction.atomic():
                for row in model.objects.select_for_update().iterator():
                    row.save(update_fields=fields)  # read with any key, written with the newest
                    count += 1
        self.stdout.write(f"Re-encrypted {count} companion rows with the newest key.")
