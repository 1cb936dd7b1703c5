"""Rows for the notifications page and marking notifications read."""

from django.utils import timezone

from tests.authz.matrix import LOGIN, NOT_ALLOWED, NOT_FOUND, OK, REDIRECT, Row, expect


def setup(world):
    """A notification of `member`'s own (their request was approved): only they may open it."""
    from accounts.models import Notification
    from groups.models import JoinRequest

    request = JoinRequest.objects.create(
        group=world.group, user=world.member, status=JoinRequest.Status.APPROVED, decided_at=timezone.now()
    )
    world.notification = Notification.objects.create(
        user=world.member, kind=Notification.Kind.JOIN_DECIDED, group=world.group, join_request=request
    )


def _notification(w):
    return {"pk": w.notification.pk}


ROWS = [
    Row("accounts:notifications", expect(OK, anonymous=LOGIN)),
    Row("accounts:notifications", expect(NOT_ALLOWED, anonymous=LOGIN), method="POST"),
    Row(
        "accounts:notification-read",
        expect(NOT_FOUND, anonymous=LOGIN, member=REDIRECT, moderator_no_totp=NOT_FOUND),
        kwargs=_notification,
        method="POST",
        note="only its owner",
    ),
    Row("accounts:notification-read", expect(NOT_ALLOWED, anonymous=LOGIN), kwargs=_notification),
    Row("accounts:notifications-read-all", expect(REDIRECT, anonymous=LOGIN), method="POST"),
    Row("accounts:notifications-read-all", expect(NOT_ALLOWED, anonymous=LOGIN)),
]
