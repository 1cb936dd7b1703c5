"""Pages of support conversations: thin; the rules live in support.py and the gate's support door."""

from django.contrib import messages as flash
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from moderation import pipeline

from .. import access, live
from . import client_ids, support, support_frames
from .frames import MAX_FRAME_CHARS, crisis_prompt


@login_required
@require_http_methods(["GET", "POST"])
def support_start(request, slug):
    """ "Talk to a moderator privately": what it is (and that members cannot write privately to each other)."""
    group = access.access_group(request.user, slug, access.Need.READ)
    existing = support.open_conversation(group, request.user)
    if request.method == "POST":
        topic = support.start_by_member(request.user, group)
        return redirect("groups:support-detail", group.slug, topic.pk)
    context = {"group": group, "existing": existing, "retention_days": support.retention_days()}
    return render(request, "groups/support_start.html", context)


@login_required
@require_POST
def support_open_for(request, slug, user_id):
    """A moderator or someone on duty opens a conversation with a member (from an urgent item or notes)."""
    group = access.access_group(request.user, slug, access.Need.SEE)
    member = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if member is None:
        raise Http404(access.NOT_FOUND)
    topic = support.start_by_helper(request.user, group, member)
    return redirect("groups:support-detail", group.slug, topic.pk)


@login_required
@require_http_methods(["GET", "POST"])
def support_detail(request, slug, topic_id):
    topic, role = access.access_support(request.user, slug, topic_id)
    text, error = "", ""
    if request.method == "POST":
        text, client_id = request.POST.get("text", ""), client_ids.posted(request)
        kind = pipeline.Kind.MESSAGE
        result = pipeline.submit(request.user, topic.group, text, kind=kind, topic=topic, client_id=client_id)
        if result.ok:
            if result.crisis:
                flash.warning(request, crisis_prompt()["message"])
            return redirect("groups:support-detail", slug, topic.pk)
        error = result.reason
    page = support_frames.history(request.user, topic, before=request.GET.get("before"))
    context = {
        "group": topic.group,
        "group_moderators": access.moderator_ids(topic.group_id),
        "topic": topic,
        "role": role,
        "page": page,
        "text": text,
        "error": error,
        "can_post": access.support_post_refusal(request.user, topic) is None,
        "earlier": page.messages[0].pk if page.more and page.messages else None,
        "newest": page.messages[-1].pk if page.messages else 0,
        "max_frame": MAX_FRAME_CHARS,
        "limit": pipeline.LIMITS[pipeline.Kind.MESSAGE],
        "retention_days": support.retention_days(),
    }
    return render(request, "groups/support_detail.html", context)


@login_required
@require_GET
def support_history(request, slug, topic_id):
    """JSON page of earlier messages (keyset: ?before=<id>), as the chat's."""
    topic, _role = access.access_support(request.user, slug, topic_id)
    page = support_frames.history(request.user, topic, before=request.GET.get("before"))
    return JsonResponse({"messages": live.serialize_messages(page.messages), "more": page.more})


@login_required
@require_POST
def support_end(request, slug, topic_id):
    topic, _role = access.access_support(request.user, slug, topic_id)
    support.end(request.user, topic)
    flash.info(request, support.ended_sentence())
    return redirect("groups:support-detail", slug, topic.pk)


@login_required
@require_GET
def support_list(request):
    """The person's own support conversations, and those they may help in."""
    topics = (
        access.visible_support_topics(request.user)
        .select_related("group", "support_member")
        .order_by("support_ended_at", "-last_activity_at")
    )
    return render(request, "groups/support_list.html", {"topics": topics[:100]})
