"""Template tags: pinned alerts for a group, crisis resources, the quick-exit address."""

from django import template
from django.conf import settings

from accounts.notifications import chrome
from groups import access
from groups.access import Need
from moderation.alerts import actions as alerts
from moderation.alerts import crisis
from moderation.alerts.models import Alert

register = template.Library()


@register.simple_tag(takes_context=True)
def pinned_alerts(context, group, user):
    """[{"alert", "seen"}] active in `group`; None when `user` may not read the group.

    Uses the page's `standing` when the view put one in the context (no
    queries); otherwise asks the gate only when there is an alert to show.
    """
    if group is None:
        return None
    st = context.get("standing")
    known = isinstance(st, access.Standing) and st.group.pk == group.pk
    if known and not st.allows(Need.READ):
        return None
    request = context.get("request")
    if request is not None and getattr(request, "user", None) == user:
        ids = chrome.alert_ids_for(request, group)  # the request's one cache read: no query when none is active
        active = list(Alert.objects.filter(pk__in=ids).order_by("-severity", "-created_at")) if ids else []
    else:
        active = list(alerts.active_alerts(group))
    if not active:
        return []
    if not known and not access.can(user, group, Need.READ):
        return None
    seen = alerts.seen_ids(active, group, user)
    return [{"alert": alert, "seen": alert.pk in seen} for alert in active]


@register.simple_tag
def crisis_resources(limit=None):
    """Active crisis resources for the current language."""
    resources = crisis.resources_for()
    return resources[:limit] if limit else resources


@register.simple_tag
def quick_exit_url():
    return settings.QUICK_EXIT_URL
