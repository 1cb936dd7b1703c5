"""Rows for quick exit's sign-out (issue 17 item 6).

Anyone may post: it signs out only the browser that posts, and only when its
member chose that; the empty answer says nothing either way. GET is refused.
"""

from tests.authz.matrix import NOT_ALLOWED, Row, expect

ROWS = [
    Row("accounts:quick-exit", expect(NOT_ALLOWED)),
    Row("accounts:quick-exit", expect(204), method="POST"),
]
