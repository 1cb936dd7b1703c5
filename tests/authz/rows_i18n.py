"""Rows for the language selector (issue 10): anyone may change the language they read in.

A POST sets the language cookie (and saves a signed-in member's choice) and
redirects back; there is nothing to show on a GET.
"""

from tests.authz.matrix import NOT_ALLOWED, REDIRECT, Row, expect

ROWS = [
    Row("set_language", expect(NOT_ALLOWED)),
    Row(
        "set_language",
        expect(REDIRECT),
        method="POST",
        data=lambda w: {"language": "fi", "next": "/"},
        note="switches to Finnish",
    ),
]
