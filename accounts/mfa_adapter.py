"""Two-factor secrets encrypted at rest.

allauth stores each TOTP secret and recovery-code seed in the database; a copy of the database (a backup,
a seized disk) would otherwise let anyone generate a moderator's codes. They are encrypted here with Fernet
(AES-128-CBC + HMAC-SHA256, from `cryptography`, which allauth's MFA already depends on) under keys of their
own: ``MFA_ENCRYPTION_KEYS``, a comma-separated list, newest first. To rotate: put a new key first, run
``manage.py rotate_mfa_keys`` (re-encrypts every secret with it), then drop the old key.
"""

from allauth.mfa.adapter import DefaultMFAAdapter

from peersupport.keyring import PREFIX, Keyring

KEYS = Keyring("MFA_ENCRYPTION_KEYS", "mfa")
encrypt, decrypt, rotate = KEYS.encrypt, KEYS.decrypt, KEYS.rotate
__all__ = ["PREFIX", "MFAAdapter", "decrypt", "encrypt", "rotate"]


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text):
        return encrypt(text)

    def decrypt(self, encrypted_text):
        return decrypt(encrypted_text)
