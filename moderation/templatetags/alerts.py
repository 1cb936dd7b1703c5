"""Template tags: pinned alerts for a group, crisis resources, the quick-exit address."""

from django import template
from django.conf import settings

from groups import access
from groups.access import Need
from moderation import alerts, crisis

register = template.Library()


@register.simple_tag
def pinned_alerts(group, user):
    """[{"alert", "seen"}] active in `group`; None when `user` may not read the group."""
    if group is None or not access.can(user, group, Need.READ):
        return None
    active = list(alerts.active_alerts(group))
    seen = alerts.seen_ids(active, group, user) if active else set()
    return [{"alert": alert, "seen": alert.pk in seen} for alert in active]


@register.simple_tag
def crisis_resources(limit=None):
    """Active crisis resources for the current language."""
    resources = crisis.resources_for()
    return resources[:limit] if limit else resources


@register.simple_tag
def quick_exit_url():
    return settings.QUICK_EXIT_URL
