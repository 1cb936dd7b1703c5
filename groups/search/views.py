"""The search pages: all of one's groups, or one group. Thin: the gate gives the scope, query.py searches."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import access
from ..access import Need
from . import query
from .forms import SearchForm


def _page(request, scope, group=None):
    form = SearchForm(request.POST if request.method == "POST" else None)
    results = None
    if form.is_valid():
        results = query.search(scope, form.cleaned_data["q"], form.cleaned_data["page"] or 1)
    context = {"form": form, "results": results, "group": group, "moderates": bool(scope.moderated)}
    if results is not None:
        context["sections"] = [
            (_("Topics"), results.topics, "topic"),
            (_("Waiting in the moderation queue"), results.queue, "queue"),
            (_("In the moderation log"), results.log, "log"),
            (_("Messages"), results.messages, "message"),
        ]
    return render(request, "groups/search.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def search_all(request):
    return _page(request, query.scope_of(request.user))


@login_required
@require_http_methods(["GET", "POST"])
def search_group(request, slug):
    st = access.access_standing(request.user, slug, Need.READ)
    return _page(request, query.group_scope(st), st.group)
