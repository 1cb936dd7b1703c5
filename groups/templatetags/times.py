"""Day separators and the time formats of static/js/times.js (peersupport/times.py)."""

from django import template
from django.utils.html import json_script

from peersupport import times

register = template.Library()


@register.filter
def day_key(moment):
    return times.day_key(moment)


@register.filter
def day_label(moment):
    """`{{ message.created_at|day_label }}`: "Today", "Yesterday" or the date."""
    return times.day_label(moment)


@register.simple_tag
def time_formats():
    """The JSON times.js reads: the language's patterns, month names and the site's time zone."""
    return json_script(times.client_formats(), "time-formats")
