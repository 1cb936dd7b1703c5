"""Topics and the chat: two doors onto one message model, thin views over the gate and the pipeline.

Every view's first line fetches and authorises (groups/access). New text goes through
moderation.pipeline; delete, report and pin/lock through moderation.actions; pages of messages
come from messages.py. The chat page works with ordinary forms; static/js/chat.js makes it live.
"""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import ignoring
from accounts.models import TopicFollow
from accounts.notifications import inbox
from moderation import actions, distress, pipeline
from moderation.alerts import crisis
from peersupport.params import client_int
from peersupport.refusals import attempt

from .. import access
from ..access import Need
from ..membership import members
from ..message_extras import excerpt
from . import client_ids, messages, reactions, rendering
from .forms import EditForm, ReplyForm, ReportForm, TopicForm, TopicModerateForm
from .frames import MAX_FRAME_CHARS

CRISIS_KEY = "show_crisis_prompt"


def _own(user, message, sentence):
    if message.author_id != user.pk:
        raise PermissionDenied(sentence)


@login_required
def topic_list(request, slug):
    st = access.access_standing(request.user, slug, Need.READ)
    topics, next_cursor = messages.topic_page(st, request.GET.get("before"))
    ignored = ignoring.ignored_subquery(request.user)
    unread = members.unread_by_topic(request.user, st.membership, [t.pk for t in topics], ignored)
    for topic in topics:
        topic.unread = unread.get(topic.pk, 0)
    return render(
        request,
        "groups/topic_list.html",
        {
            "group": st.group,
            "topics": topics,
            "next_cursor": next_cursor,
            "paged": bool(request.GET.get("before")),
            "can_post": st.allows(Need.POST),
        },
    )


# --- writing: every text goes through moderation.pipeline.submit ---


def _tell_outcome(request, result):
    """Held and crisis outcomes shown kindly on the next page."""
    if result.outcome == pipeline.Outcome.HELD:
        flash.info(request, _("Thank you. Your message is waiting for a moderator.") + " " + result.reason)
    if result.crisis:
        # The language code the prompt should speak (the message's, where the text tells it), never the text.
        text = result.message.body_source if result.message is not None else ""
        request.session[CRISIS_KEY] = crisis.prompt_language(distress.detect_language(text))


def _crisis_prompt(request):
    """The language the crisis prompt speaks on this page, or "" when there is none to show."""
    shown = request.session.pop(CRISIS_KEY, "")
    return shown if isinstance(shown, str) else ""


@login_required
def topic_new(request, slug):
    group = access.access_group(request.user, slug, Need.POST)
    form = TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        result = pipeline.submit(request.user, group, d["body"], kind=pipeline.Kind.TOPIC, title=d["title"])
        if result.ok:
            _tell_outcome(request, result)
            return redirect(result.message.topic.get_absolute_url())
        form.add_error(None, result.reason)
    return render(request, "groups/topic_new.html", {"group": group, "form": form})


@login_required
def topic_detail(request, slug, topic_id):
    topic, st = access.access_topic(request.user, slug, topic_id, Need.READ)
    group = topic.group
    if topic.is_chat:
        return redirect(topic.get_absolute_url())
    form = ReplyForm(request.POST or None)
    if request.method == "POST":
        if reason := st.refusal(Need.POST):
            raise PermissionDenied(reason)
        if form.is_valid():
            result = pipeline.submit(request.user, group, form.cleaned_data["body"], topic=topic)
            if result.ok:
                _tell_outcome(request, result)
                url = topic.get_absolute_url()
                return redirect(f"{url}?before={result.message.pk + 1}#m{result.message.pk}")
            form.add_error(None, result.reason)
    visible = st.messages()
    if st.is_moderator:
        visible = visible.prefetch_related("revisions")
    page, has_older, has_newer = messages.topic_window(
        visible, topic, before=client_int(request.GET.get("before", "")), after=client_int(request.GET.get("after", ""))
    )
    if not page and not st.is_moderator and not visible.filter(topic=topic).exists():
        raise Http404(access.NOT_FOUND)  # a topic whose messages are all held or gone
    if page:
        members.mark_topic_read(request.user, topic, page[-1].pk, newest=not has_newer)
    crisis_language = _crisis_prompt(request)
    fold = ignoring.fold_context(request.user, group)
    can_post = st.allows(Need.POST) and (not topic.locked or st.is_moderator)
    reader = rendering.Reader(request, group, fold["folded"], can_post, st.is_moderator, request.get_full_path())
    return render(
        request,
        "groups/topic_detail.html",
        {
            "group": group,
            "topic": topic,
            "page": page,
            "window": rendering.topic_window(reader, topic, page),
            "has_older": has_older,
            "has_newer": has_newer,
            "form": form,
            "can_post": can_post,
            "post_refusal": st.refusal(Need.POST),
            "is_moderator": st.is_moderator,
            "moderate_form": TopicModerateForm(initial={"pinned": topic.pinned, "locked": topic.locked}),
            "crisis_prompt": crisis_language,
            "crisis_language": crisis_language,
            "following": TopicFollow.objects.filter(user=request.user, topic=topic).exists(),
            **fold,
        },
    )


@login_required
def message_edit(request, slug, message_id):
    message = access.access_message(request.user, slug, message_id, Need.POST)
    _own(request.user, message, _("You can only edit your own messages. To report a problem, use Report."))
    form = EditForm(request.POST or None, initial={"body": message.body_source})
    if request.method == "POST" and form.is_valid():
        result = pipeline.submit(
            request.user, message.group, form.cleaned_data["body"], kind=pipeline.Kind.EDIT, message=message
        )
        if result.ok:
            _tell_outcome(request, result)
            return redirect(_message_url(message))
        form.add_error(None, result.reason)
    return render(request, "groups/topic_message_edit.html", {"group": message.group, "m": message, "form": form})


def _message_url(message):
    return f"{message.topic.get_absolute_url()}?before={message.pk + 1}#m{message.pk}"


@login_required
def message_delete(request, slug, message_id):
    message = access.access_message(request.user, slug, message_id, Need.READ)
    _own(request.user, message, _("You can only delete your own messages. To report a problem, use Report."))
    if request.method == "POST":
        actions.delete_message(request.user, message)
        flash.success(request, _("Your message is deleted."))
        return redirect(message.topic.get_absolute_url())
    return render(request, "groups/topic_message_delete.html", {"group": message.group, "m": message})


@login_required
def message_report(request, slug, message_id):
    message = access.access_message(request.user, slug, message_id, Need.READ)
    rules = message.group.current_rules()
    form = ReportForm(request.POST or None, rules=rules.items() if rules else ())
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if attempt(lambda: actions.report_message(request.user, message, d["rule"], d["note"]), form=form) is not None:
            flash.success(request, _("Thank you for telling us. A moderator will look at it."))
            return redirect(message.topic.get_absolute_url())
    return render(request, "groups/topic_message_report.html", {"group": message.group, "m": message, "form": form})


@login_required
@require_POST
def message_react(request, slug, message_id):
    """Give or take back a supportive reaction without JavaScript (chat-actions.js uses the socket)."""
    message = access.access_message(request.user, slug, message_id, Need.POST)
    attempt(lambda: reactions.toggle(request.user, message, request.POST.get("code", "")), request=request)
    return redirect(_message_url(message))


@login_required
@require_POST
def topic_moderate(request, slug, topic_id):
    topic, _st = access.access_topic(request.user, slug, topic_id, Need.MODERATE)
    form = TopicModerateForm(request.POST)
    if form.is_valid():
        actions.moderate_topic(request.user, topic, **form.cleaned_data)
        flash.success(request, _("Topic updated."))
    return redirect(reverse("groups:topic-detail", args=[slug, topic.pk]))


@login_required
@require_POST
def topic_follow(request, slug, topic_id):
    topic, _st = access.access_topic(request.user, slug, topic_id, Need.READ)
    if topic.is_chat:
        raise Http404(access.NOT_FOUND)
    if request.POST.get("follow") == "1":
        inbox.follow_topic(request.user, topic)
        flash.success(request, _("You will be notified of new replies."))
    else:
        inbox.unfollow_topic(request.user, topic)
        flash.success(request, _("You will no longer be notified of replies."))
    return redirect(topic.get_absolute_url())


# --- the chat ----------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def chat_page(request, slug):
    st = access.access_standing(request.user, slug, access.Need.READ)
    group, topic = st.group, st.group.chat_topic()
    text, error = "", ""
    reply = messages.reply_target(request.user, group, topic, request.POST.get("reply_to", request.GET.get("reply")))
    if request.method == "POST":
        text, client_id = request.POST.get("text", ""), client_ids.posted(request)
        kind = pipeline.Kind.MESSAGE
        result = pipeline.submit(request.user, group, text, kind=kind, topic=topic, client_id=client_id, reply_to=reply)
        if result.ok:
            if result.outcome == pipeline.Outcome.HELD:  # why it waits and when it will be read
                flash.info(request, _("Thank you. Your message is waiting for a moderator.") + " " + result.reason)
            url = f"{request.path}?sent={result.outcome}"
            return redirect(f"{url}&crisis=1" if result.crisis else url)
        error = result.reason
    page = messages.history_page(request.user, group, topic, before=request.GET.get("before"))
    read_mark = st.membership.last_read_message_id if st.membership else 0  # the gate read it already
    newest = page.messages[-1].pk if page.messages else 0
    if not request.GET.get("before") and newest:
        members.mark_shown_read(request.user, group, newest)
    can_post, is_moderator = st.allows(access.Need.POST), st.allows(access.Need.MODERATE)
    fold = ignoring.fold_context(request.user, group)
    reader = rendering.Reader(request, group, fold["folded"], can_post, is_moderator, request.path)
    given = {m.pk: m.given_by_reader for m in page.messages}  # read with the counts (history_page)
    first_unread = messages.first_unread_on(page, request.user, group, topic, read_mark)
    if reply is not None:
        reply.quote_text = excerpt(reply)
    context = {
        "group": group,
        "topic": topic,
        "page": page,
        "window": rendering.chat_window(reader, topic, page.messages, given, first_unread),
        "can_post": can_post,
        "post_refusal": st.refusal(access.Need.POST),
        "is_moderator": is_moderator,
        "chat_actions": True,
        "reply": reply,
        "rules": _rules(group),
        "text": text,
        "error": error,
        "sent": request.GET.get("sent", ""),
        "crisis": request.GET.get("crisis") == "1",
        "earlier": page.messages[0].pk if page.more and page.messages else None,
        "newest": newest,
        "max_frame": MAX_FRAME_CHARS,
        "limit": pipeline.LIMITS[pipeline.Kind.MESSAGE],
        **fold,
    }
    return render(request, "groups/chat.html", context, status=200)


def _rules(group):
    rules = access.per_request(("rules", group.pk), group.current_rules)  # the gate's posting check read them
    return rules.items() if rules else []


@login_required
@require_GET
def chat_history(request, slug):
    """JSON page of earlier chat messages (keyset: ?before=<id>)."""
    group = access.access_group(request.user, slug, access.Need.READ)
    topic = group.chat_topic()
    page = messages.history_page(request.user, group, topic, before=request.GET.get("before"))
    return JsonResponse({"messages": rendering.serialized(topic, page.messages), "more": page.more})
