"""The page chrome's changing parts in one cache read per page: the bell's unread count and the index of the
harm-reduction alerts active anywhere (which group each is pinned in, until when).

One `get_many` per request, remembered on the request, serves both the navigation (the bell) and the pinned
alerts of a group page; a group with no active alert then costs no query at all. The alert index holds ids,
groups and expiry times only, never an alert's text, and is deleted when any alert or its groups change
(receivers below and `withdraw_alert`, after commit); it lives at most `ALERTS_TTL` seconds, which bounds
what a page that read the index just before a change and stored it just after could hide. The cache is the
fail-soft Redis of peersupport/cache.py: with Redis down `get_many` answers {}, so the count and the index are read
from the database as on a miss: a page costs two queries more, never a 500, and an alert is never hidden by
an outage.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from moderation.alerts import actions as alerts
from moderation.alerts.models import Alert

from . import inbox

ALERTS_KEY = alerts.ACTIVE_INDEX_KEY
ALERTS_TTL = 60  # seconds: recounted once a minute at most, whatever happened to an invalidation


def read(request):
    """{"unread": the bell's count, "alerts": the active alert index}, one cache read for the whole request."""
    found = getattr(request, "_chrome", None)
    if found is not None:
        return found
    user = request.user
    count_key = inbox.count_key(user.pk)
    cached = cache.get_many([count_key, ALERTS_KEY])
    unread = cached.get(count_key)
    if unread is None:
        unread = inbox.refresh_unread_count(user)
    index = cached.get(ALERTS_KEY)
    if index is None:
        index = alerts.active_index()
        cache.set(ALERTS_KEY, index, ALERTS_TTL)
    request._chrome = found = {"unread": unread, "alerts": index}
    return found


def alert_ids_for(request, group):
    """Ids of the alerts active now in `group`, from the request's one read."""
    now, index = timezone.now(), read(request)["alerts"]
    return [pk for pk, groups, expires in index if expires > now and (groups is None or group.pk in groups)]


def _forget_alerts(**kwargs):
    transaction.on_commit(alerts.forget_active_index)


post_save.connect(_forget_alerts, sender=Alert, dispatch_uid="chrome.alert_saved")
post_delete.connect(_forget_alerts, sender=Alert, dispatch_uid="chrome.alert_deleted")
m2m_changed.connect(_forget_alerts, sender=Alert.groups.through, dispatch_uid="chrome.alert_groups")
