"""The service directory: public pages (no sign-in, nothing loaded from elsewhere) and the staff's editing."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from groups import access as group_access

from . import directory
from .forms import SearchForm, ServiceForm
from .models import Service


@require_GET
def services(request):
    form = SearchForm(request.GET or None)
    text, kind = "", ""
    if form.is_valid():
        text, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
    context = {"form": form, "services": directory.search(text, kind)[:200], "areas": directory.areas()}
    return render(request, "outreach/services.html", context)


@require_GET
def service(request, service_id):
    found = directory.published().filter(pk=service_id).first()
    if found is None:
        raise Http404("No service here.")
    return render(request, "outreach/service.html", {"service": found})


@login_required
@require_GET
def manage(request):
    group_access.check_staff(request.user)
    return render(request, "outreach/manage.html", {"services": Service.objects.order_by("area", "name")})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, service_id=None):
    """Add (no id) or change a service; a form with a mistake keeps everything typed."""
    group_access.check_staff(request.user)
    instance = None
    if service_id is not None:
        instance = Service.objects.filter(pk=service_id).first()
        if instance is None:
            raise Http404("No service here.")
    form = ServiceForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.updated_at = timezone.now()
        saved.save()
        flash.success(request, _("The service is saved."))
        return redirect("outreach:services-manage")
    status = 400 if request.method == "POST" else 200
    return render(request, "outreach/service_form.html", {"form": form, "service": instance}, status=status)
