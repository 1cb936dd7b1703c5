"""Topics and messages: thin views over groups.access (the gate) and moderation.pipeline.

Every view's first line fetches and authorises. State changes go through the
pipeline (new text) or moderation.actions (delete, report, pin/lock).
"""

from datetime import UTC, datetime, timedelta

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import TopicFollow
from accounts.notifications import inbox
from moderation import actions, distress, pipeline
from moderation.alerts import crisis
from peersupport.params import client_int
from peersupport.refusals import attempt

from . import access
from .access import Need
from .models import Topic
from .topic_forms import EditForm, ReplyForm, ReportForm, TopicForm, TopicModerateForm

TOPICS_PER_PAGE = 25
MESSAGES_PER_PAGE = 30
CRISIS_KEY = "show_crisis_prompt"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _message_in(user, slug, message_id, need):
    """A message of group `slug` that `user` may see, after authorising `need` there; 404 otherwise."""
    group = access.access_group(user, slug, need)
    message = access.visible_messages(user, group).select_related("topic", "author").filter(pk=message_id).first()
    if message is None:
        raise Http404(access.NOT_FOUND)
    return message


def _own(user, message, sentence):
    if message.author_id != user.pk:
        raise PermissionDenied(sentence)


# --- topic list: pinned first, then last activity; keyset pages, never OFFSET ---


def encode_cursor(topic):
    micros = (topic.last_activity_at - _EPOCH) // timedelta(microseconds=1)
    return f"{int(topic.pinned)}.{micros}.{topic.pk}"


def decode_cursor(raw):
    """(pinned, last activity, id) from a `before` cursor; None (the first page) for anything malformed."""
    parts = [client_int(part) for part in str(raw or "").split(".")]
    if len(parts) != 3 or None in parts:
        return None
    pinned, micros, pk = parts
    try:
        return bool(pinned), _EPOCH + timedelta(microseconds=micros), pk
    except OverflowError:
        return None


def topic_page(user, st, cursor=None, size=None):
    """One page of discussion topics with at least one message `user` may see, and the next cursor."""
    size = size or TOPICS_PER_PAGE
    visible = access.messages_for_standing(st, user).filter(topic=OuterRef("pk"))
    topics = (
        Topic.objects.filter(group=st.group, is_chat=False, support_member__isnull=True)
        .filter(Exists(visible))
        .select_related("created_by")
        .order_by("-pinned", "-last_activity_at", "-id")
    )
    if after := decode_cursor(cursor):
        pinned, at, pk = after
        topics = topics.filter(
            Q(pinned__lt=pinned)
            | Q(pinned=pinned, last_activity_at__lt=at)
            | Q(pinned=pinned, last_activity_at=at, id__lt=pk)
        )
    rows = list(topics[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return rows, (encode_cursor(rows[-1]) if more else "")


@login_required
def topic_list(request, slug):
    group, st = access.access_group_standing(request.user, slug, Need.READ)
    topics, next_cursor = topic_page(request.user, st, request.GET.get("before"))
    return render(
        request,
        "groups/topic_list.html",
        {
            "group": group,
            "topics": topics,
            "next_cursor": next_cursor,
            "paged": bool(request.GET.get("before")),
            "can_post": access.refusal(st, Need.POST) is None,
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


def message_window(visible, topic, before=None, after=None, size=None):
    """Messages in id order around a keyset position, with whether older/newer ones exist."""
    size = size or MESSAGES_PER_PAGE
    rows = visible.filter(topic=topic).select_related("author")
    if before is not None:
        page = list(rows.filter(id__lt=before).order_by("-id")[: size + 1])
        has_older, page = len(page) > size, page[:size][::-1]
        has_newer = bool(page) and rows.filter(id__gt=page[-1].pk).exists()
    else:
        page = list(rows.filter(id__gt=after or 0).order_by("id")[: size + 1])
        has_newer, page = len(page) > size, page[:size]
        has_older = bool(after) and bool(page) and rows.filter(id__lt=page[0].pk).exists()
    return page, has_older, has_newer


def _int_param(request, name):
    return client_int(request.GET.get(name, ""))


def _topic_standing(user, slug, topic_id):
    """The topic and the user's Standing, authorised for reading, in one query fewer than group-then-topic.

    A missing topic answers exactly as access_group would (404 or 403), then 404.
    """
    topic = (
        Topic.objects.select_related("group").filter(group__slug=slug, pk=topic_id, support_member__isnull=True).first()
    )
    if topic is None:
        access.access_group(user, slug, Need.READ)
        raise Http404(access.NOT_FOUND)
    return topic, access.check(user, topic.group, Need.READ)


@login_required
def topic_detail(request, slug, topic_id):
    topic, st = _topic_standing(request.user, slug, topic_id)
    group = topic.group
    if topic.is_chat:
        return redirect(topic.get_absolute_url())
    form = ReplyForm(request.POST or None)
    if request.method == "POST":
        if reason := access.refusal(st, Need.POST):
            raise PermissionDenied(reason)
        if form.is_valid():
            result = pipeline.submit(request.user, group, form.cleaned_data["body"], topic=topic)
            if result.ok:
                _tell_outcome(request, result)
                url = topic.get_absolute_url()
                return redirect(f"{url}?before={result.message.pk + 1}#m{result.message.pk}")
            form.add_error(None, result.reason)
    visible = access.messages_for_standing(st, request.user)
    if st.is_moderator:
        visible = visible.prefetch_related("revisions")
    page, has_older, has_newer = message_window(
        visible, topic, before=_int_param(request, "before"), after=_int_param(request, "after")
    )
    if not page and not st.is_moderator and not visible.filter(topic=topic).exists():
        raise Http404(access.NOT_FOUND)  # a topic whose messages are all held or gone
    crisis_language = _crisis_prompt(request)
    return render(
        request,
        "groups/topic_detail.html",
        {
            "group": group,
            "topic": topic,
            "page": page,
            "has_older": has_older,
            "has_newer": has_newer,
            "form": form,
            "can_post": access.refusal(st, Need.POST) is None and (not topic.locked or st.is_moderator),
            "is_moderator": st.is_moderator,
            "moderate_form": TopicModerateForm(initial={"pinned": topic.pinned, "locked": topic.locked}),
            "crisis_prompt": crisis_language,
            "crisis_language": crisis_language,
            "following": TopicFollow.objects.filter(user=request.user, topic=topic).exists(),
        },
    )


@login_required
def message_edit(request, slug, message_id):
    message = _message_in(request.user, slug, message_id, Need.POST)
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
    message = _message_in(request.user, slug, message_id, Need.READ)
    _own(request.user, message, _("You can only delete your own messages. To report a problem, use Report."))
    if request.method == "POST":
        actions.delete_message(request.user, message)
        flash.success(request, _("Your message is deleted."))
        return redirect(message.topic.get_absolute_url())
    return render(request, "groups/topic_message_delete.html", {"group": message.group, "m": message})


@login_required
def message_report(request, slug, message_id):
    message = _message_in(request.user, slug, message_id, Need.READ)
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
def topic_moderate(request, slug, topic_id):
    topic = access.access_topic(request.user, slug, topic_id, Need.MODERATE)
    form = TopicModerateForm(request.POST)
    if form.is_valid():
        actions.moderate_topic(request.user, topic, **form.cleaned_data)
        flash.success(request, _("Topic updated."))
    return redirect(reverse("groups:topic-detail", args=[slug, topic.pk]))


@login_required
@require_POST
def topic_follow(request, slug, topic_id):
    topic = access.access_topic(request.user, slug, topic_id, Need.READ)
    if topic.is_chat:
        raise Http404(access.NOT_FOUND)
    if request.POST.get("follow") == "1":
        inbox.follow_topic(request.user, topic)
        flash.success(request, _("You will be notified of new replies."))
    else:
        inbox.unfollow_topic(request.user, topic)
        flash.success(request, _("You will no longer be notified of replies."))
    return redirect(topic.get_absolute_url())
