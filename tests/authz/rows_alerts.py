"""Rows for harm-reduction alerts, the alert archive and bad-batch reports."""

from datetime import timedelta

from django.utils import timezone

from moderation.models import Alert, BadBatchReport
from tests.authz.matrix import (
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REDIRECT,
    Row,
    expect,
    members_only,
)

PUBLISHERS = expect(FORBIDDEN, anonymous=LOGIN, staff=OK, professional=OK)
STAFF_ONLY = expect(FORBIDDEN, anonymous=LOGIN, staff=OK)


def setup(world):
    """An active alert by staff for `group` only, and a new bad-batch report."""
    world.alert = Alert.objects.create(
        title="Strong batch",
        body_source="Take care.",
        body_html="<p>Take care.</p>",
        severity="urgent",
        expires_at=timezone.now() + timedelta(days=1),
        created_by=world.staff,
    )
    world.alert.groups.set([world.group])
    world.report = BadBatchReport.objects.create(what="Pills sold as MDMA", where="Kallio", effects="Seizures")


def _alert(w):
    return {"alert_id": w.alert.pk}


def _report(w):
    return {"report_id": w.report.pk}


ROWS = [
    Row("moderation:alert-list", PUBLISHERS),
    Row("moderation:alert-new", PUBLISHERS),
    Row(
        "moderation:alert-new",
        PUBLISHERS,
        method="POST",
        data=lambda w: {"title": ""},
        note="invalid input is shown again",
    ),
    Row("moderation:alert-edit", STAFF_ONLY, kwargs=_alert, note="professionals change only their own"),
    Row("moderation:alert-edit", STAFF_ONLY, kwargs=_alert, method="POST", data=lambda w: {"title": ""}),
    Row("moderation:alert-withdraw", expect(NOT_ALLOWED, anonymous=LOGIN), kwargs=_alert),
    Row(
        "moderation:alert-withdraw",
        expect(FORBIDDEN, anonymous=LOGIN, staff=REDIRECT),
        kwargs=_alert,
        method="POST",
    ),
    Row("moderation:alert-ack", expect(NOT_ALLOWED, anonymous=LOGIN), kwargs=_alert),
    Row(
        "moderation:alert-ack",
        members_only(REDIRECT),
        kwargs=_alert,
        method="POST",
        data=lambda w: {"group": w.group.slug},
    ),
    Row(
        "moderation:alert-ack",
        expect(
            FORBIDDEN, anonymous=LOGIN, other_group_member=NOT_FOUND, other_group_moderator=NOT_FOUND, staff=NOT_FOUND
        ),
        kwargs=_alert,
        method="POST",
        data=lambda w: {"group": w.other_group.slug},
        note="in a group the alert was not sent to",
    ),
    Row(
        "moderation:alert-ack",
        expect(NOT_FOUND, anonymous=LOGIN),
        kwargs=_alert,
        method="POST",
        data=lambda w: {"group": w.hidden_group.slug},
        note="in a hidden group",
    ),
    Row("moderation:alert-archive", members_only(OK), kwargs=lambda w: {"slug": w.group.slug}),
    Row(
        "moderation:alert-archive",
        expect(NOT_FOUND, anonymous=LOGIN, staff=OK),
        kwargs=lambda w: {"slug": w.hidden_group.slug},
        note="hidden group",
    ),
    Row("moderation:bad-batch-new", expect(OK, anonymous=LOGIN)),
    Row(
        "moderation:bad-batch-new",
        expect(OK, anonymous=LOGIN),
        method="POST",
        data=lambda w: {"what": "Blue pills", "where": "Tampere", "effects": "Seizures"},
    ),
    Row("moderation:bad-batch-list", STAFF_ONLY),
    Row("moderation:bad-batch-verify", STAFF_ONLY, kwargs=_report),
    Row(
        "moderation:bad-batch-verify",
        expect(FORBIDDEN, anonymous=LOGIN, staff=REDIRECT),
        kwargs=_report,
        method="POST",
        data=lambda w: {"dismiss": "1"},
    ),
]
