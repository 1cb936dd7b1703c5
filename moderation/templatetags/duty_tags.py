"""`{% duty_notice group as duty %}`: whether a moderator is on duty for the group (templates/moderation/duty/)."""

from datetime import timedelta

from django import template
from django.utils import formats, timezone

from groups import access
from moderation.alerts import crisis
from moderation.duty import rota

register = template.Library()


def crisis_line(language=None):
    """The first crisis resource open around the clock for `language` (else the first one), or None."""
    resources = crisis.resources_for(language)
    for resource in resources:
        if getattr(resource, "always_open", False) or "24/7" in f"{resource.name} {resource.description}":
            return resource
    return resources[0] if resources else None


def until_text(until, now):
    """The time within the next day ("02:00", fi "2.00"); a weekday and time further off ("Thu 08:00");
    "" when cover does not end. In the reader's TIME_FORMAT (peersupport/formats/)."""
    if until is None:
        return ""
    local = timezone.localtime(until)
    if until - now < timedelta(hours=20):
        return formats.time_format(local, "TIME_FORMAT")
    return f"{formats.date_format(local, 'D')} {formats.time_format(local, 'TIME_FORMAT')}"


@register.simple_tag(takes_context=True)
def duty_notice(context, group, now=None):
    """{"on_duty", "until_text", "line"} for someone who may read `group`; None for anyone else."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if group is None or user is None or not access.can(user, group, access.Need.READ):
        return None
    now = now or timezone.now()
    status = rota.duty_status(group, now)
    if status.on_duty:
        return {"on_duty": True, "until_text": until_text(status.until, now), "line": None}
    return {"on_duty": False, "until_text": "", "line": crisis_line()}


@register.simple_tag
def reply_expectation(group, now=None):
    """When a moderator may read a join request to `group`, from the duty rota: {"state", "until_text", "when_text"}.

    "on_duty": someone is on duty now (until `until_text`, "" when cover does not end); "next": nobody is, and cover
    starts at `when_text`; "unknown": nobody is rostered in the coming week. Shown to applicants, who may not read
    the group: times only, never who.
    """
    now = now or timezone.now()
    status = rota.duty_status(group, now)
    if status.on_duty:
        return {"state": "on_duty", "until_text": until_text(status.until, now), "when_text": ""}
    starts = rota.next_cover(group, now)
    if starts is not None:
        return {"state": "next", "until_text": "", "when_text": until_text(starts, now)}
    return {"state": "unknown", "until_text": "", "when_text": ""}
