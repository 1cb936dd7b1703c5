"""The access log the application keeps: route names, never paths, addresses or tokens.

A path names the group (a hidden group's slug is a secret), the topic and
sometimes an invitation token; a client address ties them to a person. So
gunicorn, daphne and nginx keep no access log of their own that holds either
(deploy/gunicorn.conf.py, docker-compose.yml, deploy/nginx.conf), and this
middleware writes one line per request: method, the resolved URL *name*,
status and duration.
"""

import logging
import time

from django.conf import settings

log = logging.getLogger("peersupport.access")

UNMATCHED = "unmatched"


def route_name(request):
    """The URL name the request resolved to ("groups:group-home"), "static", or "unmatched"."""
    match = getattr(request, "resolver_match", None)
    if match and match.view_name:
        return match.view_name
    if settings.STATIC_URL and request.path.startswith(settings.STATIC_URL):
        return "static"
    return UNMATCHED


class RouteAccessLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request, now=time.monotonic):
        started = now()
        response = self.get_response(request)
        log.info("%s %s %s %dms", request.method, route_name(request), response.status_code, (now() - started) * 1000)
        return response


class RouteOnlyFilter(logging.Filter):
    """For Django's request loggers: put the route name where Django puts the path ("Not Found: /g/slug/")."""

    def filter(self, record):
        request = getattr(record, "request", None)
        if request is not None and isinstance(record.args, tuple):
            path = getattr(request, "path", None)
            record.args = tuple(route_name(request) if arg == path else arg for arg in record.args)
        return True
