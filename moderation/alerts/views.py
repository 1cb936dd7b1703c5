"""Alert, bad-batch and archive pages. Each view authorises on its first line through groups.access."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups import access
from groups.access import Need
from peersupport.refusals import attempt

from . import actions as alerts
from .forms import AlertForm, BadBatchForm
from .models import Alert, BadBatchReport

LIST_SIZE = 50


def _alert_for_publisher(user, alert_id):
    """The alert, if `user` may change it (staff, or the professional who published it)."""
    access.check_alert_publisher(user)
    alert = get_object_or_404(Alert, pk=alert_id, withdrawn_at__isnull=True)
    access.check_alert_publisher(user, alert)
    return alert


@login_required
def alert_list(request):
    access.check_alert_publisher(request.user)
    visible = list(access.visible_groups(request.user))
    rows = []
    for alert in Alert.objects.select_related("created_by").prefetch_related("groups")[:LIST_SIZE]:
        targets = visible if alert.all_groups else [g for g in alert.groups.all() if g in visible]
        rows.append({"alert": alert, "counts": alerts.seen_counts(alert, targets)})
    return render(request, "moderation/alert_list.html", {"rows": rows})


@login_required
def alert_new(request):
    access.check_alert_publisher(request.user)
    form = AlertForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        alerts.publish_alert(request.user, form.save(commit=False), form.cleaned_data["groups"])
        messages.success(request, _("The alert is published and pinned in its groups."))
        return redirect("moderation:alert-list")
    return render(request, "moderation/alert_form.html", {"form": form})


@login_required
def alert_edit(request, alert_id):
    alert = _alert_for_publisher(request.user, alert_id)
    form = AlertForm(request.POST or None, instance=alert, user=request.user)
    if request.method == "POST" and form.is_valid():
        alerts.edit_alert(request.user, form.save(commit=False), form.cleaned_data["groups"])
        messages.success(request, _("The alert is updated everywhere it is shown."))
        return redirect("moderation:alert-list")
    return render(request, "moderation/alert_form.html", {"form": form, "alert": alert})


@login_required
@require_POST
def alert_withdraw(request, alert_id):
    alert = _alert_for_publisher(request.user, alert_id)
    alerts.withdraw_alert(request.user, alert)
    messages.success(request, _("The alert is withdrawn and has left every open page."))
    return redirect("moderation:alert-list")


@login_required
@require_POST
def alert_ack(request, alert_id):
    group = access.access_group(request.user, request.POST.get("group", ""), Need.READ)
    alert = get_object_or_404(alerts.active_alerts(group), pk=alert_id)
    alerts.acknowledge_alert(request.user, alert, group)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = reverse("moderation:alert-archive", args=[group.slug])
    return redirect(target)


@login_required
def alert_archive(request, slug):
    group = access.access_group(request.user, slug, Need.READ)
    return render(
        request, "moderation/alert_archive.html", {"group": group, "archived": alerts.archived_alerts(group)[:100]}
    )


@login_required
def bad_batch_new(request):
    form = BadBatchForm(request.POST or None)
    sent = request.method == "POST" and form.is_valid()
    if sent and attempt(lambda: alerts.submit_bad_batch(request.user, **form.cleaned_data), form=form):
        return render(request, "moderation/bad_batch_thanks.html")
    return render(request, "moderation/bad_batch_form.html", {"form": form})


@login_required
def bad_batch_list(request):
    access.check_staff(request.user)
    reports = BadBatchReport.objects.select_related("alert")[:200]
    return render(request, "moderation/bad_batch_list.html", {"reports": reports})


@login_required
def bad_batch_verify(request, report_id):
    access.check_staff(request.user)
    report = get_object_or_404(BadBatchReport, pk=report_id, status=BadBatchReport.Status.NEW)
    if request.method == "POST" and "dismiss" in request.POST:
        alerts.dismiss_bad_batch(report)
        messages.success(request, _("The report is dismissed. Nothing was published."))
        return redirect("moderation:bad-batch-list")
    form = AlertForm(request.POST or None, user=request.user, initial=alerts.alert_initial(report))
    if request.method == "POST" and form.is_valid():
        alerts.publish_alert(request.user, form.save(commit=False), form.cleaned_data["groups"], report=report)
        messages.success(request, _("The report is verified and published as an alert."))
        return redirect("moderation:bad-batch-list")
    return render(request, "moderation/alert_form.html", {"form": form, "report": report})
