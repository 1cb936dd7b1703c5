"""Two-factor secrets encrypted at rest.

allauth stores each TOTP secret and recovery-code seed in the database; a copy of the database (a backup,
a seized disk) would otherwise let anyone generate a moderator's codes. They are encrypted here with Fernet
(AES-128-CBC + HMAC-SHA256, from `cryptography`, which allauth's MFA already depends on) under keys of their
own: ``MFA_ENCRYPTION_KEYS``, a comma-separated list, newest first. To rotate: put a new key first, run
``manage.py rotate_mfa_keys`` (re-encrypts every secret with it), then drop the old key.
"""

import base64
import hashlib

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

PREFIX = "fernet:"  # stored values that are encrypted; anything else is a secret from before encryption


def _fernet_key(raw):
    """A Fernet key from any string: used as is when it is one, else derived (SHA-256) from it."""
    raw = raw.strip()
    try:
        if len(base64.urlsafe_b64decode(raw.encode())) == 32:
            return raw.encode()
    except ValueError:
        pass
    return base64.urlsafe_b64encode(hashlib.sha256(("peersupport-mfa:" + raw).encode()).digest())


def cipher():
    keys = [key for key in settings.MFA_ENCRYPTION_KEYS if key.strip()]
    return MultiFernet([Fernet(_fernet_key(key)) for key in keys])


def encrypt(text):
    return PREFIX + cipher().encrypt(text.encode()).decode()


def decrypt(stored):
    if not stored.startswith(PREFIX):
        return stored  # written before encryption was on; `rotate_mfa_keys` encrypts it
    try:
        return cipher().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise ValueError("An MFA secret cannot be decrypted with MFA_ENCRYPTION_KEYS.") from exc


def rotate(stored):
    """`stored` encrypted with the newest key (plaintext from before encryption included)."""
    if not stored.startswith(PREFIX):
        return encrypt(stored)
    return PREFIX + cipher().rotate(stored[len(PREFIX) :].encode()).decode()


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text):
        return encrypt(text)

    def decrypt(self, encrypted_text):
        return decrypt(encrypted_text)
