"""Companion text encrypted at rest (Fernet, under keys of its own).

A diary is the most private thing a person writes here; a database dump or a backup must not show it.
Text fields of the companion are stored as ``"fernet:" + token`` under ``COMPANION_ENCRYPTION_KEYS``
(a comma-separated list, newest first, like MFA_ENCRYPTION_KEYS in accounts/mfa_adapter.py). Without
the setting a key is derived from SECRET_KEY (`check --deploy` warns). To rotate: put a new key first,
run ``manage.py rotate_companion_keys`` (re-encrypts every row with it), then drop the old key.
"""

from django.conf import settings
from django.core.checks import Warning, register
from django.db import models

from peersupport.keyring import PREFIX, Keyring

KEYS = Keyring("COMPANION_ENCRYPTION_KEYS", "companion")
encrypt, decrypt, rotate = KEYS.encrypt, KEYS.decrypt, KEYS.rotate
__all__ = ["PREFIX", "EncryptedTextField", "decrypt", "encrypt", "rotate"]


class EncryptedTextField(models.TextField):
    """A TextField whose value is encrypted in the database and plain text in Python.

    Encrypted values cannot be searched or ordered by the database: filter on the other fields.
    """

    def from_db_value(self, value, expression, connection):
        return value if value is None else decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return None
        return encrypt(value)


@register(deploy=True)
def companion_keys_of_their_own(app_configs, **kwargs):
    """In production the companion should be encrypted under a key that is not SECRET_KEY."""
    keys = [key for key in getattr(settings, "COMPANION_ENCRYPTION_KEYS", []) if key.strip()]
    if keys and not any(key.startswith("derived-from-secret-key:") for key in keys):
        return []
    return [
        Warning(
            "The recovery companion (diaries) is encrypted with a key derived from SECRET_KEY.",
            hint="Set COMPANION_ENCRYPTION_KEYS to a long random value of its own (.env.example).",
            id="accounts.W002",
        )
    ]
