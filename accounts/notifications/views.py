"""The notifications page, and marking notifications read."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from . import inbox

PER_PAGE = 30


@login_required
@require_GET
def notification_list(request):
    page = Paginator(inbox.visible_notifications(request.user), PER_PAGE).get_page(request.GET.get("page"))
    items = inbox.lines(page.object_list)
    return render(request, "accounts/notifications.html", {"page": page, "items": items})


@login_required
@require_POST
def notification_read(request, pk):
    notification = inbox.access_notification(request.user, pk)
    inbox.mark_read(notification)
    return redirect(inbox.target_url(notification))


@login_required
@require_POST
def notifications_read_all(request):
    inbox.mark_all_read(request.user)
    return redirect("accounts:notifications")
