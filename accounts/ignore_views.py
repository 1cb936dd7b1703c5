"""Ignore a person of a group (from a message or the member list), and the list to undo it (settings).

Thin views: accounts/ignoring.py authorises through the gate and decides.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from groups import access

from . import ignoring


def _next(request, group):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return group.get_absolute_url()


@login_required
@require_http_methods(["GET", "POST"])
def member_ignore(request, slug, user_id):
    group = access.access_group(request.user, slug)
    person = ignoring.ignorable(request.user, group, user_id)
    if request.method == "POST":
        ignoring.ignore(request.user, group, user_id)
        messages.success(
            request,
            _("You now ignore %(name)s. Their messages fold away for you; they are not told. Undo it in settings.")
            % {"name": person.display_name},
        )
        return redirect(_next(request, group))
    context = {"group": group, "person": person, "next": _next(request, group)}
    return render(request, "groups/member_ignore.html", context)


@login_required
def ignored_list(request):
    return render(request, "accounts/ignored.html", {"rows": ignoring.ignored_people(request.user)})


@login_required
@require_POST
def ignored_stop(request, user_id):
    if ignoring.stop_ignoring(request.user, user_id):
        messages.success(request, _("You no longer ignore this person. Their messages show again."))
    return redirect("accounts:ignored")
