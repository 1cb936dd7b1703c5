"""Harm-reduction alerts and bad-batch reports: actions and queries.

Actions write in a transaction and push after commit: the pinned card goes
to each target group's channel ``group-<id>`` as ``alert.new``; withdrawal
sends ``alert.withdrawn``. Who acknowledged an alert is never stored, only an
HMAC that stops double counting (see AlertAcknowledgement).
"""

import time
from datetime import UTC, datetime

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import time_format
from django.utils.translation import gettext, ngettext

from groups import access, live
from groups.models import Group
from groups.signals import alert_published
from moderation import sanitize
from moderation.pipeline import Kind, submit
from peersupport.privacy_keys import daily_hmac

from .models import Alert, AlertAcknowledgement, BadBatchReport

# --- queries ---------------------------------------------------------------


def targeting(group):
    """Alerts addressed to `group` (every group, or chosen)."""
    return Alert.objects.filter(Q(all_groups=True) | Q(groups=group)).distinct()


def active_alerts(group, now=None):
    now = now or timezone.now()
    return targeting(group).filter(withdrawn_at__isnull=True, expires_at__gt=now).order_by("-severity", "-created_at")


ACTIVE_INDEX_KEY = "alerts:active-index"


def active_index():
    """[(alert id, group ids or None for every group, expires_at)] of the alerts neither withdrawn nor expired:
    what the page chrome keeps in the cache (accounts/notifications/chrome.py), never an alert's text."""
    rows = list(
        Alert.objects.filter(withdrawn_at__isnull=True, expires_at__gt=timezone.now()).values_list(
            "pk", "all_groups", "expires_at"
        )
    )
    chosen = {}
    picked = [pk for pk, every, _expires in rows if not every]
    if picked:
        through = Alert.groups.through.objects.filter(alert_id__in=picked).values_list("alert_id", "group_id")
        for alert_id, group_id in through:
            chosen.setdefault(alert_id, set()).add(group_id)
    return [(pk, None if every else frozenset(chosen.get(pk, ())), expires) for pk, every, expires in rows]


def forget_active_index(**kwargs):
    cache.delete(ACTIVE_INDEX_KEY)


def archived_alerts(group, now=None):
    """Expired alerts of `group`, newest first; withdrawn ones are gone for good."""
    now = now or timezone.now()
    return targeting(group).filter(withdrawn_at__isnull=True, expires_at__lte=now).order_by("-expires_at")


def target_group_ids(alert):
    if alert.all_groups:
        return list(Group.objects.values_list("pk", flat=True))
    return list(alert.groups.values_list("pk", flat=True))


def reader_key(alert, user):
    """The HMAC stored instead of the reader: unlinkable across alerts."""
    return salted_hmac("moderation.alert-ack", f"{alert.pk}:{user.pk}").hexdigest()


def seen_ids(alerts, group, user):
    """Ids of `alerts` that `user` has acknowledged in `group`."""
    keys = {reader_key(alert, user): alert.pk for alert in alerts}
    found = AlertAcknowledgement.objects.filter(group=group, reader__in=keys).values_list("reader", flat=True)
    return {keys[key] for key in found}


def seen_counts(alert, groups):
    """[(group, count)] for `groups`: how many readers said "seen", never who."""
    counts = dict(
        AlertAcknowledgement.objects.filter(alert=alert).values_list("group").annotate(n=Count("id")).order_by()
    )
    return [(group, counts.get(group.pk, 0)) for group in groups]


def render_card(alert):
    """The pinned card, the same for every reader (the acknowledge form is filled in by alerts.js)."""
    return render_to_string("moderation/alert_card.html", {"alert": alert, "live": True})


# --- actions ---------------------------------------------------------------


def _prepare(alert):
    alert.title = sanitize.plain_text(alert.title)
    alert.body_source = sanitize.normalise(alert.body_source)
    alert.body_html = sanitize.render_markdown(alert.body_source)


def _broadcast_new(alert_id):
    alert = Alert.objects.filter(pk=alert_id).first()
    if alert is None or not alert.is_active():
        return
    live.alert_event(target_group_ids(alert), "alert.new", {"alert": {"id": alert.pk, "html": render_card(alert)}})


def publish_alert(author, alert, groups, report=None):
    """Save an unsaved `alert` for `groups` (ignored when alert.all_groups), then push and notify."""
    access.check_alert_publisher(author)
    _prepare(alert)
    with transaction.atomic():
        alert.created_by = author
        alert.save()
        alert.groups.set([] if alert.all_groups else groups)
        if report is not None:
            BadBatchReport.objects.filter(pk=report.pk).update(status=BadBatchReport.Status.VERIFIED, alert=alert)
        transaction.on_commit(lambda: _broadcast_new(alert.pk))
        # Readers of the target groups are told (accounts listens; e-mail per their preference, content-free).
        transaction.on_commit(lambda: alert_published.send(sender=None, alert_id=alert.pk))
    return alert


def edit_alert(editor, alert, groups):
    """Save changes to `alert`; open pages swap the old card for the new one (or lose it)."""
    access.check_alert_publisher(editor, alert)
    _prepare(alert)
    with transaction.atomic():
        before = target_group_ids(Alert.objects.get(pk=alert.pk))
        alert.updated_at = timezone.now()
        alert.save()
        alert.groups.set([] if alert.all_groups else groups)
        transaction.on_commit(lambda: live.alert_event(before, "alert.withdrawn", {"id": alert.pk}))
        transaction.on_commit(lambda: _broadcast_new(alert.pk))
    return alert


def withdraw_alert(user, alert):
    """Take the alert down everywhere at once; it does not go to the archive."""
    access.check_alert_publisher(user, alert)
    with transaction.atomic():
        targets = target_group_ids(alert)
        Alert.objects.filter(pk=alert.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now(), withdrawn_by=user
        )
        transaction.on_commit(forget_active_index)  # an update() sends no post_save
        transaction.on_commit(lambda: live.alert_event(targets, "alert.withdrawn", {"id": alert.pk}))


def acknowledge_alert(user, alert, group):
    """Count `user`'s "seen" once for `alert` in `group`; returns True the first time."""
    _ack, created = AlertAcknowledgement.objects.get_or_create(alert=alert, group=group, reader=reader_key(alert, user))
    return created


BAD_BATCH_LIMIT = 5  # reports per person per hour
BAD_BATCH_WINDOW = 3600  # seconds


def _bad_batch_counter(user, now):
    """(cache key, end of window) for `user`'s reports in the current hour.

    The key is an HMAC of the user id under PRIVACY_HMAC_KEY with a daily salt
    (peersupport/privacy_keys.py), so the cache holds a count per hour,
    never who sent it; the database holds nothing about the sender at all.
    """
    window = int(now // BAD_BATCH_WINDOW)
    sender = daily_hmac("moderation.bad-batch-limit", user.pk)
    return f"bad-batch:{window}:{sender}", (window + 1) * BAD_BATCH_WINDOW


def _bad_batch_limit_error(ends):
    when = time_format(timezone.localtime(datetime.fromtimestamp(ends, tz=UTC)), "TIME_FORMAT")
    return ngettext(
        "Thank you for your warnings. To keep the list useful for staff, one person can send %(limit)s report "
        "an hour. Your text is kept below: please send it again after %(when)s.",
        "Thank you for your warnings. To keep the list useful for staff, one person can send %(limit)s reports "
        "an hour. Your text is kept below: please send it again after %(when)s.",
        BAD_BATCH_LIMIT,
    ) % {"limit": BAD_BATCH_LIMIT, "when": when}


def submit_bad_batch(user, what, where, effects):
    """Store an anonymous bad-batch report and return it; ValidationError per field, or for the whole form.

    `user` is used only for the pipeline's checks and the hourly limit
    (BAD_BATCH_LIMIT, counted in the cache under an HMAC), and is never stored.
    """
    key, ends = _bad_batch_counter(user, time.time())
    if cache.get(key, 0) >= BAD_BATCH_LIMIT:
        raise ValidationError(_bad_batch_limit_error(ends))
    cleaned, errors = {}, {}
    for name, text in (("what", what), ("where", where), ("effects", effects)):
        result = submit(user, None, text or "", kind=Kind.REPORT)
        if result.ok:
            cleaned[name] = result.text
        else:
            errors[name] = result.reason
    if errors:
        raise ValidationError(errors)
    report = BadBatchReport.objects.create(**cleaned)
    try:
        cache.incr(key)
    except ValueError:  # first report this hour (or the count just expired)
        cache.set(key, 1, timeout=BAD_BATCH_WINDOW)
    return report


def alert_initial(report):
    """A prefilled alert form from a bad-batch report: staff check and reword it before publishing."""
    parts = [report.what, report.where and gettext("Where: %s") % report.where]
    parts.append(report.effects and gettext("Effects: %s") % report.effects)
    return {
        "title": gettext("Warning: dangerous batch reported"),
        "body_source": "\n\n".join(part for part in parts if part),
        "area": report.where[:100],
        "severity": Alert.Severity.WARNING,
        "all_groups": True,
        "verified": True,
        "source_note": gettext("Anonymous report, checked by staff"),
    }


def dismiss_bad_batch(report):
    BadBatchReport.objects.filter(pk=report.pk).update(status=BadBatchReport.Status.DISMISSED)
