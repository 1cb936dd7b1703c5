from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .deletion import delete_account
from .export import build_zip
from .forms import AccountSettingsForm, DeleteAccountForm
from .notifications import push


@login_required
def account_settings(request):
    form = AccountSettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your settings are saved."))
        return redirect("accounts:settings")
    return render(request, "accounts/settings.html", {"form": form, "push_public_key": push.public_key()})


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        delete_account(request.user, keep_messages=form.keep_messages)
        logout(request)
        messages.success(request, _("Your account is deleted. Take care of yourself."))
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def account_export(request):
    if request.method == "GET":
        return render(request, "accounts/export.html")
    response = HttpResponse(build_zip(request.user), content_type="application/zip")
    name = f"peersupport-data-{timezone.localdate().isoformat()}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
