"""The duty rota pages: one's own slots and shifts, and the staff's whole rota with its warnings."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from groups import access

from . import warnings
from .forms import ShiftForm, SlotForm
from .models import DutyShift, DutySlot


def check_duty_person(user):
    """Moderators (with their second factor where required) and staff keep duty; others are told why not."""
    if access.lacks_second_factor(user):
        raise PermissionDenied(access.second_factor_refusal())
    if not (access.acts_as_staff(user) or access.moderated_groups(user).exists()):
        raise PermissionDenied(
            _("The duty rota is for group moderators and staff. If something needs attention now, report the message.")
        )


def _own_page(request, slot_form=None, shift_form=None, status=200):
    user = request.user
    context = {
        "slots": DutySlot.objects.filter(user=user).select_related("group"),
        "shifts": DutyShift.objects.filter(user=user, ends_at__gt=timezone.now()).select_related("group"),
        "slot_form": slot_form or SlotForm(user=user),
        "shift_form": shift_form or ShiftForm(user=user),
        "is_staff": access.acts_as_staff(user),
    }
    return render(request, "moderation/duty/mine.html", context, status=status)


@login_required
@require_safe
def mine(request):
    check_duty_person(request.user)
    return _own_page(request)


@login_required
@require_POST
def slot_new(request):
    check_duty_person(request.user)
    form = SlotForm(request.POST, user=request.user)
    if not form.is_valid():
        return _own_page(request, slot_form=form, status=400)
    form.save()
    flash.success(request, _("Your weekly slot is in the rota."))
    return redirect("moderation:duty-mine")


@login_required
@require_POST
def shift_new(request):
    check_duty_person(request.user)
    form = ShiftForm(request.POST, user=request.user)
    if not form.is_valid():
        return _own_page(request, shift_form=form, status=400)
    form.save()
    flash.success(request, _("Your shift is in the rota."))
    return redirect("moderation:duty-mine")


def _delete_own(request, model, pk):
    """Only one's own row: someone else's answers 404, like one that does not exist."""
    check_duty_person(request.user)
    deleted, _rows = model.objects.filter(pk=pk, user=request.user).delete()
    if not deleted:
        raise Http404("No duty slot here.")
    flash.success(request, _("Removed from the rota."))
    return redirect("moderation:duty-mine")


@login_required
@require_POST
def slot_delete(request, slot_id):
    return _delete_own(request, DutySlot, slot_id)


@login_required
@require_POST
def shift_delete(request, shift_id):
    return _delete_own(request, DutyShift, shift_id)


@login_required
@require_safe
def rota(request):
    access.check_staff(request.user)
    now = timezone.now()
    context = {
        "slots": DutySlot.objects.select_related("user", "group").order_by("weekday", "start_time", "id"),
        "shifts": DutyShift.objects.filter(ends_at__gt=now).select_related("user", "group"),
        "warnings": warnings.rota_warnings(now),
    }
    return render(request, "moderation/duty/rota.html", context)
