"""The session engine: Django's database sessions, minus what allauth would keep about the person.

allauth records the e-mail address a person signed in with (``account_authentication_methods``)
and, while a sign-in waits for e-mail confirmation, the address again (``account_login``). It
needs neither after the request that wrote them, and a session row should never tie an
address to a browser. ``scrub`` drops them before every write. Expired rows are deleted daily
(``accounts.tasks.clear_expired_sessions``).

One value must survive a request but is a credential: allauth keeps the password-reset key (from the
e-mailed link) in the session between opening the link and choosing the new password. A seized
database must not hand it out, so it is stored sealed (Fernet, a key derived from SECRET_KEY and its
fallbacks) and opened again when the session is read.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

IDENTIFYING = ("email", "username", "phone")
PASSWORD_RESET_KEY = "_password_reset_key"  # allauth.account.views.INTERNAL_RESET_SESSION_KEY
SEALED = (PASSWORD_RESET_KEY,)
SEAL_PREFIX = "sealed:"


def _cipher():
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet(
        [
            Fernet(base64.urlsafe_b64encode(hashlib.sha256(f"peersupport-session-seal:{secret}".encode()).digest()))
            for secret in secrets
        ]
    )


def seal(value):
    return SEAL_PREFIX + _cipher().encrypt(value.encode()).decode()


def unseal(stored):
    """The sealed value, or "" when it cannot be opened (a rotated SECRET_KEY): the link is asked for again."""
    if not isinstance(stored, str) or not stored.startswith(SEAL_PREFIX):
        return stored
    try:
        return _cipher().decrypt(stored[len(SEAL_PREFIX) :].encode()).decode()
    except InvalidToken:
        return ""


def scrub(data):
    """A copy of the session data without e-mail addresses (the live session is left as it is)."""
    data = dict(data)
    data.pop("account_verified_email", None)
    records = data.get("account_authentication_methods")
    if isinstance(records, list):
        data["account_authentication_methods"] = [
            {k: v for k, v in record.items() if k not in IDENTIFYING} if isinstance(record, dict) else record
            for record in records
        ]
    stash = data.get("account_login")
    if isinstance(stash, dict):
        data["account_login"] = {**stash, **{k: None for k in IDENTIFYING if k in stash}}
    for key in SEALED:
        if isinstance(data.get(key), str) and not data[key].startswith(SEAL_PREFIX):
            data[key] = seal(data[key])
    return data


class SessionStore(DatabaseSessionStore):
    def encode(self, session_dict):
        return super().encode(scrub(session_dict))

    def decode(self, session_data):
        data = super().decode(session_data)
        for key in SEALED:
            if key in data:
                data[key] = unseal(data[key])
        return data
