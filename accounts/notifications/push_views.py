"""Turning push notifications on and off for this browser (static/js/push.js calls these)."""

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import push


def _body(request):
    try:
        return json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return {}


@login_required
@require_POST
def push_subscribe(request):
    if not push.public_key():
        return JsonResponse({"error": _("Push notifications are not set up on this site.")}, status=503)
    try:
        endpoint, p256dh, auth = push.check_subscription(_body(request))
    except ValidationError as error:
        return JsonResponse({"error": error.messages[0]}, status=400)
    if not request.session.session_key:
        request.session.save()
    push.subscribe(request.user, request.session.session_key, endpoint, p256dh, auth)
    return JsonResponse({"status": "on"}, status=201)


@login_required
@require_POST
def push_unsubscribe(request):
    endpoint = _body(request).get("endpoint")
    removed = push.unsubscribe(request.user, endpoint) if isinstance(endpoint, str) else 0
    return JsonResponse({"status": "off", "removed": removed})
