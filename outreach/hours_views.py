"""A consultant's own desk hours on the duty rota (staff see them on the rota page, marked "Outreach desk")."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from moderation.duty.models import DutyShift, DutySlot

from . import access
from .forms import DeskShiftForm, DeskSlotForm


def _page(request, form=None, shift_form=None, status=200):
    context = {
        "slots": DutySlot.objects.filter(user=request.user, desk=True),
        "shifts": DutyShift.objects.filter(user=request.user, desk=True, ends_at__gt=timezone.now()),
        "form": form or DeskSlotForm(user=request.user),
        "shift_form": shift_form or DeskShiftForm(user=request.user),
    }
    return render(request, "outreach/hours.html", context, status=status)


@login_required
@require_safe
def hours(request):
    access.check_consultant(request.user)
    return _page(request)


@login_required
@require_POST
def hours_add(request):
    access.check_consultant(request.user)
    form = DeskSlotForm(request.POST, user=request.user)
    if not form.is_valid():
        return _page(request, form, status=400)
    form.save()
    flash.success(request, _("Your desk hours are on the rota."))
    return redirect("outreach:hours")


@login_required
@require_POST
def shift_add(request):
    access.check_consultant(request.user)
    form = DeskShiftForm(request.POST, user=request.user)
    if not form.is_valid():
        return _page(request, shift_form=form, status=400)
    form.save()
    flash.success(request, _("Your desk shift is on the rota."))
    return redirect("outreach:hours")


@login_required
@require_POST
def shift_delete(request, shift_id):
    access.check_consultant(request.user)
    deleted, _rows = DutyShift.objects.filter(pk=shift_id, user=request.user, desk=True).delete()
    if not deleted:
        raise Http404("No desk shift here.")
    flash.success(request, _("Removed from the rota."))
    return redirect("outreach:hours")


@login_required
@require_POST
def hours_delete(request, slot_id):
    access.check_consultant(request.user)
    deleted, _rows = DutySlot.objects.filter(pk=slot_id, user=request.user, desk=True).delete()
    if not deleted:
        raise Http404("No desk hours here.")
    flash.success(request, _("Removed from the rota."))
    return redirect("outreach:hours")
