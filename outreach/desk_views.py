"""The consultants' side: the desk's queue and one's cases, claiming, referrals, feedback; and staff counts."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from groups import access as group_access

from . import access, feedback, referrals, rota
from .consultations import claim as claim_consultation
from .forms import DecideForm, ProposeForm
from .models import Area, Consultation, Referral


@login_required
@require_GET
def desk(request):
    """What waits for this consultant (topic, language and time only: the words open once claimed) and their cases."""
    access.check_consultant(request.user)
    context = {
        "waiting": access.waiting_for(request.user).order_by("created_at")[:100],
        "cases": access.my_cases(request.user).order_by("-topic__last_activity_at")[:100],
        "on_duty": request.user.pk in rota.on_desk_duty_ids(),
    }
    return render(request, "outreach/desk.html", context)


@login_required
@require_POST
def claim(request, consultation_id):
    access.check_consultant(request.user)
    item = Consultation.objects.filter(pk=consultation_id).first()
    if item is None or not access.may_claim(request.user, item):
        raise Http404(access.NOT_FOUND)
    if not claim_consultation(request.user, item):
        flash.info(request, _("A colleague took this consultation a moment ago."))
        return redirect("outreach:desk")
    return redirect("outreach:consultation", item.pk)


@login_required
@require_POST
def propose(request, consultation_id):
    item, role = access.access_consultation(request.user, consultation_id)
    if role != access.HELPER:
        raise Http404(access.NOT_FOUND)
    form = ProposeForm(request.POST, user=request.user, group=item.topic.group)
    if form.is_valid():
        referrals.propose(request.user, item, form.cleaned_data["service"], form.cleaned_data["summary"])
        flash.success(request, _("Proposed. The person sees what would be shared and decides."))
    else:
        flash.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("outreach:consultation", item.pk)


@login_required
@require_POST
def decide(request, referral_id):
    referral = referrals.access_referral(request.user, referral_id)
    group = referral.consultation.topic.group
    form = DecideForm(request.POST, user=request.user, group=group)
    choice = request.POST.get("decision")
    if choice not in ("accept", "decline") or not form.is_valid():
        flash.error(request, _("Choose to accept or decline. Nothing was shared."))
        return redirect("outreach:consultation", referral.consultation_id)
    data = form.cleaned_data
    referrals.decide(request.user, referral, choice == "accept", data["share_summary"], data["summary"])
    if choice == "accept":
        return redirect("outreach:referral-card", referral.pk)
    flash.info(request, _("Declined. Nothing was shared."))
    return redirect("outreach:consultation", referral.consultation_id)


@login_required
@require_POST
def withdraw(request, referral_id):
    referral = referrals.access_referral(request.user, referral_id)
    referrals.withdraw(request.user, referral)
    flash.info(request, _("Your consent is withdrawn. The summary is deleted."))
    return redirect("outreach:consultation", referral.consultation_id)


@login_required
@require_GET
def card(request, referral_id):
    """The referral card: the service's details, opening hours and the code to show there."""
    referral = referrals.access_referral(request.user, referral_id)
    if referral.state != Referral.State.ACCEPTED:
        raise Http404(access.NOT_FOUND)
    return render(request, "outreach/card.html", {"referral": referral, "service": referral.service})


@login_required
@require_POST
def give_feedback(request, consultation_id):
    item, _role = access.access_consultation(request.user, consultation_id)
    helpful, again = request.POST.get("helpful"), request.POST.get("again")
    if helpful not in feedback.CHOICES or again not in feedback.AGAIN:
        flash.error(request, _("Choose one answer for each question, then send again."))
        return redirect("outreach:consultation", item.pk)
    if not feedback.may_give(request.user, item):
        raise Http404(access.NOT_FOUND)
    feedback.give(request.user, item, helpful, again)
    flash.success(request, _("Thank you. Your answer is anonymous."))
    return redirect("outreach:consultation", item.pk)


@login_required
@require_GET
def stats(request):
    """Staff see counts only: how many consultations by state and topic, never one of them."""
    group_access.check_staff(request.user)
    by_state = dict(Consultation.objects.values_list("state").annotate(n=Count("id")))
    counted = Consultation.objects.values_list("area").annotate(n=Count("id")).order_by("area")
    by_area = [(Area(code).label, n) for code, n in counted if code in Area.values]
    referral_counts = dict(Referral.objects.values_list("state").annotate(n=Count("id")))
    context = {"by_state": by_state, "by_area": by_area, "referral_counts": referral_counts}
    return render(request, "outreach/stats.html", context)
