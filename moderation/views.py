"""The moderation queue, item pages, notes and the log. Every view authorises with Need.MODERATE."""

from datetime import timedelta

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from groups import access
from groups.access import Need
from groups.content.messages import window
from groups.models import Message
from peersupport.params import client_int
from peersupport.refusals import attempt

from . import actions, batch, care, queue
from .forms import ActionForm, HandleForm, NoteForm, QueueFilterForm, RemoveForm
from .models import ModerationLog, ModeratorNote, QueueItem

LOG_PAGE = 50
CONTEXT = 3  # messages shown before and after the one under review


def _queue_page(request, groups, group=None):
    form = QueueFilterForm(request.GET or None)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    after = client_int(request.GET.get("after"))
    items, more = queue.open_page(groups, kind=kind, after=after)
    context = {"items": items, "more": more, "filter": form, "kind": kind, "group": group, "paged": after is not None}
    if more:
        context["next_after"] = items[-1].pk
    return context


@login_required
def queue_page(request):
    groups = access.moderated_groups(request.user)
    if not groups.exists():
        raise PermissionDenied(_("This page is for group moderators. To raise a problem, report the message."))
    context = _queue_page(request, groups) | {"groups": groups}
    return render(request, "moderation/queue.html", context)


@login_required
def group_queue(request, slug):
    group = access.access_group(request.user, slug, Need.MODERATE)
    return render(request, "moderation/queue.html", _queue_page(request, [group], group))


def _done_sentence(decision, n):
    """What a batch did: approving tells each author; dismissing reports tells nobody (the reporters are not told)."""
    if decision == batch.APPROVE:
        return ngettext(
            "%(n)s item done. The members have been told.", "%(n)s items done. The members have been told.", n
        ) % {"n": n}
    return ngettext("Reports dismissed on %(n)s item.", "Reports dismissed on %(n)s items.", n) % {"n": n}


@login_required
@require_POST
def queue_batch(request):
    """Approve or dismiss the ticked items (or the one whose button was pressed), then back to the queue."""
    decision, _sep, one = request.POST.get("act", "").partition(":")
    ids = [client_int(one)] if one else [client_int(v) for v in request.POST.getlist("items")]
    ids = [i for i in ids if i is not None]
    back = reverse("moderation:queue")
    if slug := request.POST.get("group"):
        back = reverse("moderation:group-queue", args=[access.access_group(request.user, slug, Need.MODERATE).slug])
    if not ids:
        flash.warning(request, _("Tick the items first, then choose what to do with them."))
        return redirect(back)
    outcome = attempt(lambda: batch.decide(request.user, ids, decision), request=request)
    if outcome is None:
        return redirect(back)
    if outcome.done:
        flash.success(
            request,
            _done_sentence(decision, outcome.done),
        )
    for sentence in sorted(set(outcome.skipped)):
        flash.warning(request, _("Some items were left as they are: %(why)s") % {"why": sentence})
    return redirect(back)


def _item(user, slug, item_id):
    group = access.access_group(user, slug, Need.MODERATE)
    item = (
        QueueItem.objects.select_related("message__author", "message__topic", "message__group", "join_request__user")
        .filter(group=group, pk=item_id)
        .first()
    )
    if item is None:
        raise Http404(access.NOT_FOUND)
    return group, item


def _rules(group):
    rules = group.current_rules()
    return rules.items() if rules else []


def member_history(group, member):
    """What moderators did about `member` in `group` before, newest first."""
    if member is None:
        return ModerationLog.objects.none()
    return ModerationLog.objects.filter(group=group, target_user=member).select_related("actor")[:20]


def _context_messages(user, message):
    visible = access.visible_messages(user, message.group)
    before = window(visible, message.topic, before=message.pk, size=CONTEXT).messages
    after = window(visible, message.topic, after=message.pk, size=CONTEXT).messages
    return before, after


@login_required
def item_detail(request, slug, item_id):
    group, item = _item(request.user, slug, item_id)
    return render(request, "moderation/item_detail.html", _item_context(request, group, item, None))


def _item_context(request, group, item, form, handle_form=None):
    message = item.message
    context = {
        "group": group,
        "item": item,
        "form": form,
        "handle_form": handle_form or HandleForm(),
        # Staff who are not on duty may work the queue but not open a member's private conversation.
        "can_open_support": access.may_help_in_support(request.user, group),
    }
    if message is not None:
        before, after = _context_messages(request.user, message)
        author = message.author
        context.update(
            message=message,
            before=before,
            after=after,
            revisions=message.revisions.all(),
            reports=message.reports.select_related("reporter").order_by("created_at"),
            history=member_history(group, author),
            held_summary=held_summary(group, author) if message.status == Message.Status.HELD else None,
            notes=ModeratorNote.objects.filter(group=group, member=author).select_related("author")[:10]
            if author
            else [],
            form=form
            or ActionForm(rules=_rules(group), initial={"action": ActionForm.APPROVE, "text": message.body_source}),
        )
    elif item.join_request_id:
        context.update(history=member_history(group, item.join_request.user))
    return context


@login_required
@require_POST
def item_claim(request, slug, item_id):
    group, item = _item(request.user, slug, item_id)
    if not actions.claim_item(request.user, item):
        flash.warning(request, _("Another moderator is working on this item. Choose another one."))
    return redirect("moderation:item-detail", slug, item.pk)


@login_required
@require_POST
def item_handle(request, slug, item_id):
    """Close an urgent item with an outcome and a private note; the message and its author are untouched."""
    group, item = _item(request.user, slug, item_id)
    form = HandleForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        closed = attempt(lambda: care.handle_urgent(request.user, item, d["outcome"], d["note"]), form=form)
        if closed is not None:
            if closed:
                flash.success(request, _("Marked as handled. Thank you for being there."))
            else:
                flash.warning(request, _("Someone else has already closed this item."))
            return redirect("moderation:group-queue", slug)
    context = _item_context(request, group, item, None, handle_form=form)
    return render(request, "moderation/item_detail.html", context, status=400)


@login_required
@require_POST
def item_release(request, slug, item_id):
    group, item = _item(request.user, slug, item_id)
    actions.release_item(request.user, item)
    return redirect("moderation:group-queue", slug)


@login_required
@require_POST
def item_act(request, slug, item_id):
    group, item = _item(request.user, slug, item_id)
    if item.message is None or item.status != QueueItem.Status.OPEN:
        flash.warning(request, _("This item is already dealt with. Choose another one from the queue."))
        return redirect("moderation:group-queue", slug)
    if item.claimed_by_id and item.claimed_by_id != request.user.pk:
        flash.warning(request, _("Another moderator has claimed this item. Choose another one, or ask them."))
        return redirect("moderation:item-detail", slug, item.pk)
    form = ActionForm(request.POST, rules=_rules(group))
    if form.is_valid() and (done := attempt(lambda: _decide(request.user, item.message, form.cleaned_data), form=form)):
        flash.success(request, done)
        return redirect("moderation:group-queue", slug)
    return render(request, "moderation/item_detail.html", _item_context(request, group, item, form), status=400)


def _decide(actor, message, d):
    """Run the chosen action; return the sentence for the moderator."""
    reason = actions.explain(d["rule"], d["note"])
    action = d["action"]
    if action == ActionForm.APPROVE:
        actions.approve_message(actor, message, reason)
        return _("Approved. The member has been told.")
    if action == ActionForm.EDIT:
        actions.edit_and_approve(actor, message, d["text"], reason)
        return _("Edited and approved. The member has been told.")
    if action == ActionForm.REMOVE:
        actions.remove_message(actor, message, reason)
        return _("Removed. The member has been told why.")
    if action == ActionForm.WARN:
        actions.warn_member(actor, message, reason)
        return _("Warning sent. The message is still waiting for your decision if it was held.")
    if action == ActionForm.DISMISS:
        actions.dismiss_reports(actor, message, reason)
        return _("Reports dismissed.")
    if action == ActionForm.MUTE:
        actions.mute_from_queue(actor, message, timezone.now() + timedelta(days=d["mute_days"]), reason)
        return _("The member is muted. The item stays open: approve or remove the message.")
    actions.ban_from_queue(actor, message, reason)
    return _("The member is banned and the message removed.")


@login_required
def message_remove(request, slug, message_id):
    """Remove a message straight from a topic page (moderators), with a reason."""
    message = access.access_message(request.user, slug, message_id, Need.MODERATE)
    group = message.group
    form = RemoveForm(request.POST or None, rules=_rules(group))
    if request.method == "POST" and form.is_valid():
        reason = actions.explain(form.cleaned_data["rule"], form.cleaned_data["note"])
        if attempt(lambda: actions.remove_message(request.user, message, reason), form=form):
            flash.success(request, _("Removed. The member has been told why."))
            return redirect(message.topic.get_absolute_url())
    return render(request, "moderation/message_remove.html", {"group": group, "m": message, "form": form})


@login_required
def member_notes(request, slug, user_id):
    st = access.access_standing(request.user, slug, Need.MODERATE)
    group, member = st.group, access.group_person(st, user_id, footprint=True)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        if attempt(lambda: actions.add_moderator_note(request.user, group, member, text), form=form, field="text"):
            flash.success(request, _("Note saved."))
            return redirect("moderation:member-notes", slug, member.pk)
    return render(
        request,
        "moderation/member_notes.html",
        {
            "group": group,
            "member": member,
            "form": form,
            "notes": ModeratorNote.objects.filter(group=group, member=member).select_related("author"),
            "history": member_history(group, member),
            "held_summary": held_summary(group, member),
        },
    )


def held_summary(group, member):
    """{"count", "up_to"} of `member`'s waiting messages, for the "approve all" button; None if none."""
    if member is None:
        return None
    ids = list(actions.held_messages_of(group, member).values_list("pk", flat=True))
    return {"count": len(ids), "up_to": ids[-1]} if ids else None


@login_required
@require_POST
def member_approve_all(request, slug, user_id):
    """Publish all of a person's waiting messages that the moderator saw (ids up to `up_to`)."""
    st = access.access_standing(request.user, slug, Need.MODERATE)
    group, member = st.group, access.group_person(st, user_id, footprint=True)
    up_to = client_int(request.POST.get("up_to", ""))
    if up_to is None:
        flash.warning(request, _("Reload the page and try again: the list of waiting messages was missing."))
        return redirect("moderation:member-notes", slug, member.pk)
    count = attempt(lambda: actions.approve_all_held(request.user, group, member, up_to=up_to), request=request)
    if count:
        flash.success(
            request,
            ngettext(
                "%(count)s message from %(name)s is visible now. They have been told once.",
                "%(count)s messages from %(name)s are visible now. They have been told once.",
                count,
            )
            % {"count": count, "name": member.display_name},
        )
    return redirect("moderation:group-queue", slug)


@login_required
def log(request, slug):
    group = access.access_group(request.user, slug, Need.MODERATE)
    rows = ModerationLog.objects.filter(group=group).select_related("actor", "target_user").order_by("-id")
    if (before := client_int(request.GET.get("before", ""))) is not None:
        rows = rows.filter(id__lt=before)
    page = list(rows[: LOG_PAGE + 1])
    more = len(page) > LOG_PAGE
    page = page[:LOG_PAGE]
    older = f"{reverse('moderation:log', args=[slug])}?before={page[-1].pk}" if more else ""
    return render(request, "moderation/log.html", {"group": group, "rows": page, "older": older})
