"""Group addresses that do not name the group: /groups/g…/ instead of /groups/<slug>/ (issue 17).

A slug says what a group is about ("bereaved-parents"), and browser history, bookmarks, a shared phone's
address bar and every log downstream of the browser keep it. Every URL the site makes carries an opaque
code instead: the slug encrypted deterministically (AES-SIV, a key derived from SECRET_KEY), so a code is
stable, needs no table or column, works in every process at once, and cannot be read or forged without
the key; slugs are padded to 16 bytes so a code hides the slug's length too. The site still understands
a typed slug, and an address it cannot decrypt is treated as one (and so is usually "not found").

Changing SECRET_KEY changes every code: bookmarks then open the "not found" page (slugs keep working).
"""

import base64
import binascii
import hashlib
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESSIV
from django.conf import settings

PREFIX = "g"
_BLOCK = 16


def _cipher():
    return AESSIV(hashlib.sha512(f"peersupport-group-address:{settings.SECRET_KEY}".encode()).digest())


def code_for(slug):
    return _code(settings.SECRET_KEY, slug)


@lru_cache(maxsize=4096)
def _code(secret, slug):
    """Memoised per key and slug: a page makes the same group's links many times."""
    raw = slug.encode()
    padded = raw + b"\0" * (-len(raw) % _BLOCK)
    return PREFIX + base64.b32encode(_cipher().encrypt(padded, None)).decode().rstrip("=").lower()


def slug_for(value):
    """The slug behind an address: decrypted when it is a code the site made, else the value as typed."""
    if not value.startswith(PREFIX):
        return value
    body = value[len(PREFIX) :].upper()
    try:
        padded = _cipher().decrypt(base64.b32decode(body + "=" * (-len(body) % 8)), None)
    except (InvalidTag, binascii.Error, ValueError):
        return value
    return padded.rstrip(b"\0").decode(errors="replace")


class GroupAddressConverter:
    """`<group:slug>` in URL patterns: the view gets the slug, links carry the code."""

    regex = "[-a-zA-Z0-9_]+"

    def to_python(self, value):
        return slug_for(value)

    def to_url(self, value):
        return code_for(value)
