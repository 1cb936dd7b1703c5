"""Rows for the site-wide pages and the account settings."""

from tests.authz.matrix import LOGIN, OK, Row, expect

ROWS = [
    Row("home", expect(OK)),
    Row("crisis-help", expect(OK)),
    Row("accounts:settings", expect(OK, anonymous=LOGIN)),
    Row(
        "accounts:settings",
        expect(OK, anonymous=LOGIN),
        method="POST",
        data=lambda w: {"display_name": "x"},
        note="invalid input is shown again",
    ),
]
