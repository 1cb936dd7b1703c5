"""@mention autocomplete for the chat composer and the topic reply form (static/js/mentions.js).

Pseudonyms only, of the people the gate's `mention_choices` offers; anyone who may not read the group
gets the plain 404, whether or not they may see that the group exists.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .. import access
from ..access import Need

MAX_PREFIX = 30  # the longest pseudonym


@never_cache
@login_required
@require_GET
def mention_people(request, slug):
    try:
        group = access.access_group(request.user, slug, Need.READ)
    except PermissionDenied:
        raise Http404(access.NOT_FOUND) from None
    prefix = str(request.GET.get("q", "")).strip()[:MAX_PREFIX]
    return JsonResponse({"people": access.mention_choices(group, prefix, exclude_id=request.user.pk)})
