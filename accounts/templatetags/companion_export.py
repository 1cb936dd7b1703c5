"""{% companion_charts data.companion as charts %}: the companion's charts on the export's readable page."""

from django import template

from accounts.companion.export import charts_from

register = template.Library()


@register.simple_tag
def companion_charts(companion):
    return charts_from(companion or {})
