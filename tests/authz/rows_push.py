"""Rows for push notifications and the installable app: manifest, service worker, offline page.

The four app files are the same for everyone and hold nothing of a person; turning push on or off needs an
account and a valid subscription (a form post is not one: 400 with a sentence).
"""

from tests.authz.matrix import LOGIN, NOT_ALLOWED, OK, Row, expect

BAD_REQUEST = 400

ROWS = [
    Row("manifest", expect(OK)),
    Row("manifest-neutral", expect(OK)),
    Row("service-worker", expect(OK)),
    Row("offline", expect(OK)),
    Row("accounts:push-subscribe", expect(BAD_REQUEST, anonymous=LOGIN), method="POST", note="not a subscription"),
    Row("accounts:push-subscribe", expect(NOT_ALLOWED, anonymous=LOGIN)),
    Row("accounts:push-unsubscribe", expect(OK, anonymous=LOGIN), method="POST"),
    Row("accounts:push-unsubscribe", expect(NOT_ALLOWED, anonymous=LOGIN)),
]
