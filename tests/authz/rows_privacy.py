"""Rows for the privacy pass (issue 17): continuing an invitation opened before signing in.

The invitation's id lives in the session of the browser that opened the link; in any other
session there is nothing to continue, which answers the plain 404.
"""

from tests.authz.matrix import LOGIN, NOT_FOUND, Row, expect

NOTHING_TO_CONTINUE = expect(NOT_FOUND, anonymous=LOGIN)

ROWS = [
    Row("groups:invitation-resume", NOTHING_TO_CONTINUE),
    Row("groups:invitation-resume", NOTHING_TO_CONTINUE, method="POST", data=lambda w: {"accept_rules": "on"}),
]
