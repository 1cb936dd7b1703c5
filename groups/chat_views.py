"""The chat page: works with ordinary forms; static/js/chat.js makes it live."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from moderation import pipeline

from . import access, chat, live
from .consumers import MAX_FRAME_CHARS


@login_required
@require_http_methods(["GET", "POST"])
def chat_page(request, slug):
    group = access.access_group(request.user, slug, access.Need.READ)
    topic = group.chat_topic()
    text, error = "", ""
    if request.method == "POST":
        text = request.POST.get("text", "")
        result = pipeline.submit(request.user, group, text, kind=pipeline.Kind.MESSAGE, topic=topic)
        if result.ok:
            if result.outcome == pipeline.Outcome.HELD:  # why it waits and when it will be read
                flash.info(request, _("Thank you. Your message is waiting for a moderator.") + " " + result.reason)
            url = f"{request.path}?sent={result.outcome}"
            return redirect(f"{url}&crisis=1" if result.crisis else url)
        error = result.reason
    page = chat.history_page(request.user, group, topic, before=request.GET.get("before"))
    read_mark = chat.last_read(request.user, group)
    newest = page.messages[-1].pk if page.messages else 0
    if not request.GET.get("before") and newest:
        chat.mark_read(request.user, group, newest)
    context = {
        "group": group,
        "topic": topic,
        "page": page,
        "first_unread": chat.first_unread_id(request.user, group, topic, read_mark),
        "can_post": access.can(request.user, group, access.Need.POST),
        "text": text,
        "error": error,
        "sent": request.GET.get("sent", ""),
        "crisis": request.GET.get("crisis") == "1",
        "earlier": page.messages[0].pk if page.more and page.messages else None,
        "newest": newest,
        "max_frame": MAX_FRAME_CHARS,
        "limit": pipeline.LIMITS[pipeline.Kind.MESSAGE],
    }
    return render(request, "groups/chat.html", context, status=200)


@login_required
@require_GET
def chat_history(request, slug):
    """JSON page of earlier chat messages (keyset: ?before=<id>)."""
    group = access.access_group(request.user, slug, access.Need.READ)
    page = chat.history_page(request.user, group, group.chat_topic(), before=request.GET.get("before"))
    return JsonResponse({"messages": [live.serialize_message(m) for m in page.messages], "more": page.more})
