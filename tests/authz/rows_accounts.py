"""Rows for the account pages of issue 8: delete my account, download my data.

Every signed-in person may use them for their own account only (there is no
other account to name in the URL); anonymous visitors are sent to sign in.
"""

from tests.authz.matrix import LOGIN, OK, Row, expect

SIGNED_IN = expect(OK, anonymous=LOGIN)

ROWS = [
    Row("accounts:account-delete", SIGNED_IN),
    Row(
        "accounts:account-delete",
        SIGNED_IN,
        method="POST",
        data=lambda w: {"messages": "delete", "password": "not-the-password"},
        note="wrong password shows the form again",
    ),
    Row("accounts:data-export", SIGNED_IN),
    Row("accounts:data-export", SIGNED_IN, method="POST", note="downloads a ZIP"),
]
