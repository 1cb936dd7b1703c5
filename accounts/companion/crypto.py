"""Companion text encrypted at rest (Fernet, under keys of its own).

A diary is the most private thing a person writes here; a database dump or a backup must not show it.
Text fields of the companion are stored as ``"fernet:" + token`` under ``COMPANION_ENCRYPTION_KEYS``
(a comma-separated list, newest first, like MFA_ENCRYPTION_KEYS in accounts/mfa_adapter.py). Without
the setting a key is derived from SECRET_KEY (`check --deploy` warns). To rotate: put a new key first,
run ``manage.py rotate_companion_keys`` (re-encrypts every row with it), then drop the old key.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.checks import Warning, register
from django.db import models

PREFIX = "fernet:"


def _fernet_key(raw):
    """A Fernet key from any string: used as is when it is one, else derived (SHA-256) from it."""
    raw = raw.strip()
    try:
        if len(base64.urlsafe_b64decode(raw.encode())) == 32:
            return raw.encode()
    except ValueError:
        pass
    return base64.urlsafe_b64encode(hashlib.sha256(("peersupport-companion:" + raw).encode()).digest())


def cipher():
    keys = [key for key in settings.COMPANION_ENCRYPTION_KEYS if key.strip()]
    return MultiFernet([Fernet(_fernet_key(key)) for key in keys])


def encrypt(text):
    return PREFIX + cipher().encrypt(text.encode()).decode()


def decrypt(stored):
    if not stored.startswith(PREFIX):
        return stored
    try:
        return cipher().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise ValueError("Companion text cannot be decrypted with COMPANION_ENCRYPTION_KEYS.") from exc


def rotate(stored):
    """`stored` encrypted with the newest key."""
    if not stored.startswith(PREFIX):
        return encrypt(stored)
    return PREFIX + cipher().rotate(stored[len(PREFIX) :].encode()).decode()


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
