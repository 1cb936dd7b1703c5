"""Pages of a consultation for the person and the consultant on the case: thin; rules in access.py and
consultations.py, words through the one pipeline."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from groups import live
from groups.content import client_ids, support_frames
from groups.content.frames import MAX_FRAME_CHARS, crisis_prompt
from moderation import pipeline

from . import access, consultations, feedback, rota, visitors
from .forms import HandOverForm, OpenForm, ProposeForm, RecoverForm
from .models import Consultant, Consultation


@require_http_methods(["GET", "POST"])
def start(request):
    """Open a consultation: members from their account; anyone else with a pseudonym (no e-mail needed)."""
    if access.is_visitor(request.user):
        return redirect("outreach:mine")
    visitor = not request.user.is_authenticated
    form = OpenForm(request.POST or None, visitor=visitor)
    status = 200
    if request.method == "POST":
        if visitor and visitors.limited(request, "open"):
            form.add_error(
                None, _("Many consultations were opened from here in the last hour. Please try again later.")
            )
            status = 429
        elif form.is_valid():
            return _open(request, form, visitor)
        else:
            status = 400
    context = {
        "form": form,
        "visitor": visitor,
        "desk_open": rota.desk_open(),
        "retention_days": consultations.retention_days(),
    }
    return render(request, "outreach/start.html", context, status=status)


def _open(request, form, visitor):
    area, language = form.cleaned_data["area"], form.cleaned_data["language"]
    if visitor:
        consultation, _code = visitors.open_as_visitor(request, form.cleaned_data["pseudonym"], area, language)
    else:
        if consultations.open_for(request.user) is not None:
            flash.info(request, _("You have a consultation open already: carry on here, or close it first."))
        consultation = consultations.open_consultation(request.user, area, language)
    return redirect("outreach:consultation", consultation.pk)


@require_http_methods(["GET", "POST"])
def recover(request):
    """Reopen a consultation from another browser with the one-time recovery code."""
    form = RecoverForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if visitors.limited(request, "recover"):
            form.add_error(None, _("Too many attempts from here in the last hour. Please try again later."))
            status = 429
        elif form.is_valid() and visitors.recover(request, form.cleaned_data["code"]) is not None:
            return redirect("outreach:mine")
        else:
            form.add_error("code", _("This code does not open a consultation. Check it and try again."))
            status = 400
    return render(request, "outreach/recover.html", {"form": form}, status=status)


@login_required
@require_GET
def mine(request):
    """The person's own consultations (a visitor has one: they go straight to it)."""
    rows = list(Consultation.objects.filter(person=request.user).order_by("-created_at")[:50])
    if access.is_visitor(request.user) and len(rows) == 1:
        return redirect("outreach:consultation", rows[0].pk)
    return render(request, "outreach/mine.html", {"consultations": rows})


@login_required
@require_http_methods(["GET", "POST"])
def consultation(request, consultation_id):
    item, role = access.access_consultation(request.user, consultation_id)
    text, error = "", ""
    if request.method == "POST":
        text, client_id = request.POST.get("text", ""), client_ids.posted(request)
        kind, topic = pipeline.Kind.MESSAGE, item.topic
        result = pipeline.submit(request.user, topic.group, text, kind=kind, topic=topic, client_id=client_id)
        if result.ok:
            if result.crisis:
                flash.warning(request, crisis_prompt(result)["message"])
            return redirect("outreach:consultation", item.pk)
        error = result.reason
    return render(request, "outreach/consultation.html", _context(request, item, role, text, error))


def _context(request, item, role, text="", error=""):
    page = support_frames.history(request.user, item.topic, before=request.GET.get("before"))
    context = {
        "consultation": item,
        "topic": item.topic,
        "role": role,
        "page": page,
        "text": text,
        "error": error,
        "can_post": access.post_refusal(request.user, item) is None,
        "earlier": page.messages[0].pk if page.more and page.messages else None,
        "newest": page.messages[-1].pk if page.messages else 0,
        "max_frame": MAX_FRAME_CHARS,
        "limit": pipeline.LIMITS[pipeline.Kind.MESSAGE],
        "retention_days": consultations.retention_days(),
        "referrals": item.referrals.select_related("service").prefetch_related("events"),
        "new_code": visitors.take_new_code(request) if role == access.PERSON else None,
        "is_visitor": access.is_visitor(item.person),
        "feedback_open": role == access.PERSON and feedback.may_give(request.user, item),
        "helpful_choices": [("yes", _("Yes")), ("partly", _("Partly")), ("no", _("No"))],
        "again_choices": [("yes", _("Yes")), ("maybe", _("Maybe")), ("no", _("No"))],
    }
    if role == access.HELPER and not item.is_closed:
        context["propose_form"] = ProposeForm(user=request.user, group=item.topic.group)
        context["hand_over_form"] = HandOverForm(choices=_colleagues(request.user, item))
    return context


def _colleagues(user, item):
    """Consultants who answer this consultation's topic in its language (for a hand-over), by pseudonym."""
    rows = Consultant.objects.filter(active=True, user__is_active=True).exclude(user=user).select_related("user")
    people = [c.user for c in rows.order_by("user__display_name") if c.answers(item.area, item.language)]
    return [(u.pk, u.display_name) for u in people if access.acting_consultant(u) is not None]


@login_required
@require_GET
def history(request, consultation_id):
    """JSON page of earlier messages (keyset: ?before=<id>), as the chat's."""
    item, _role = access.access_consultation(request.user, consultation_id)
    page = support_frames.history(request.user, item.topic, before=request.GET.get("before"))
    return JsonResponse({"messages": live.serialize_messages(page.messages), "more": page.more})


@login_required
@require_POST
def close(request, consultation_id):
    item, _role = access.access_consultation(request.user, consultation_id)
    consultations.close(request.user, item)
    flash.info(request, consultations.closed_sentence())
    return redirect("outreach:consultation", item.pk)


@login_required
@require_POST
def delete(request, consultation_id):
    """The person deletes their consultation now; a visitor is then signed out (the account held only this)."""
    item, _role = access.access_consultation(request.user, consultation_id)
    consultations.delete_now(request.user, item)
    flash.success(request, _("The consultation and its messages are deleted."))
    if access.is_visitor(request.user) and not Consultation.objects.filter(person=request.user).exists():
        return redirect("outreach:goodbye")
    return redirect("outreach:mine")


@require_GET
def goodbye(request):
    """After a visitor deleted their only consultation: the account goes too, and they are signed out."""
    if access.is_visitor(request.user) and not Consultation.objects.filter(person=request.user).exists():
        visitors.forget(request)
    return render(request, "outreach/goodbye.html")


@login_required
@require_POST
def handover(request, consultation_id):
    item, role = access.access_consultation(request.user, consultation_id)
    if role != access.HELPER:
        raise Http404(access.NOT_FOUND)
    form = HandOverForm(request.POST, choices=_colleagues(request.user, item))
    if not form.is_valid():
        flash.error(request, _("Choose a colleague who answers this topic in this language, or the desk's queue."))
        return redirect("outreach:consultation", item.pk)
    other = next((c.user for c in Consultant.objects.filter(user_id=form.cleaned_data["to"])), None)
    consultations.hand_over(request.user, item, other)
    flash.success(request, _("Handed over."))
    return redirect("outreach:desk")
