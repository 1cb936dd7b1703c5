"""Secrets encrypted at rest under keys of their own (Fernet, from `cryptography`).

One keyring per purpose (two-factor secrets, the companion): a setting holding a comma-separated list of
keys, newest first. A stored value is ``"fernet:" + token``; anything else is plain text from before
encryption, which `rotate` encrypts. To rotate: put a new key first, re-encrypt (each purpose has a
`rotate_*_keys` command), then drop the old key.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

PREFIX = "fernet:"


class Keyring:
    def __init__(self, setting, purpose):
        self.setting, self.purpose = setting, purpose

    def _key(self, raw):
        """A Fernet key from any string: used as is when it is one, else derived (SHA-256) from it."""
        raw = raw.strip()
        try:
            if len(base64.urlsafe_b64decode(raw.encode())) == 32:
                return raw.encode()
        except ValueError:
            pass
        return base64.urlsafe_b64encode(hashlib.sha256(f"peersupport-{self.purpose}:{raw}".encode()).digest())

    def cipher(self):
        keys = [key for key in getattr(settings, self.setting) if key.strip()]
        return MultiFernet([Fernet(self._key(key)) for key in keys])

    def encrypt(self, text):
        return PREFIX + self.cipher().encrypt(text.encode()).decode()

    def decrypt(self, stored):
        if not stored.startswith(PREFIX):
            return stored  # written before encryption was on
        try:
            return self.cipher().decrypt(stored[len(PREFIX) :].encode()).decode()
        except InvalidToken as exc:
            raise ValueError(f"A stored secret cannot be decrypted with {self.setting}.") from exc

    def rotate(self, stored):
        """`stored` encrypted with the newest key (plain text from before encryption included)."""
        if not stored.startswith(PREFIX):
            return self.encrypt(stored)
        return PREFIX + self.cipher().rotate(stored[len(PREFIX) :].encode()).decode()
