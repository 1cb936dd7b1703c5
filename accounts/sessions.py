"""The session engine: Django's database sessions, minus what allauth would keep about the person.

allauth records the e-mail address a person signed in with (``account_authentication_methods``)
and, while a sign-in waits for e-mail confirmation, the address again (``account_login``). It
needs neither after the request that wrote them, and a session row should never tie an
address to a browser. ``scrub`` drops them before every write. Expired rows are deleted daily
(``accounts.tasks.clear_expired_sessions``).
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

IDENTIFYING = ("email", "username", "phone")


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
    return data


class SessionStore(DatabaseSessionStore):
    def encode(self, session_dict):
        return super().encode(scrub(session_dict))
