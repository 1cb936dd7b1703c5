"""The companion's pages: thin views; every object comes through access.own (owner only, 404 otherwise)."""

from datetime import timedelta

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from groups import access as group_access
from moderation import pipeline, sanitize

from . import progress, share, sows, taper
from .access import mine, own
from .forms import (
    AppointmentForm,
    CheckInForm,
    DiaryForm,
    DoseReminderForm,
    InfoPageForm,
    MilestoneForm,
    ShareForm,
    SowsForm,
    TaperForm,
)
from .models import Appointment, CheckIn, DiaryEntry, DoseReminder, InfoPage, Milestone, SowsScore, TaperPlan, TaperStep

GET_POST = require_http_methods(["GET", "POST"])


def _today():
    return timezone.localdate()


@login_required
@require_GET
def home(request):
    today = _today()
    plan = progress.current_plan(request.user)
    context = {
        "today": today,
        "plan": plan,
        "step": taper.status(plan, today) if plan else None,
        "checkin": mine(request.user, CheckIn).filter(day=today).first(),
        "milestones": mine(request.user, Milestone),
        "next_appointment": mine(request.user, Appointment).filter(at__gte=timezone.now()).first(),
        "pages": _info_pages(),
    }
    return render(request, "accounts/companion/home.html", context)


# --- diary ---------------------------------------------------------------------


@login_required
@GET_POST
def diary(request):
    form = DiaryForm(request.POST or None, initial={"day": _today()})
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        entry.owner = request.user
        entry.save()
        flash.success(request, _("Saved. Only you can read it."))
        return redirect("accounts:companion-diary")
    entries = mine(request.user, DiaryEntry)[:50]
    return render(request, "accounts/companion/diary.html", {"form": form, "entries": _rendered(entries)})


def _rendered(entries):
    return [(entry, sanitize.render_markdown(entry.body)) for entry in entries]


@login_required
@GET_POST
def diary_entry(request, pk):
    entry = own(request.user, DiaryEntry, pk)
    form = DiaryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        entry.updated_at = timezone.now()
        entry.save()
        flash.success(request, _("Saved."))
        return redirect("accounts:companion-diary-entry", pk=entry.pk)
    context = {"entry": entry, "html": sanitize.render_markdown(entry.body), "form": form}
    return render(request, "accounts/companion/diary_entry.html", context)


@login_required
@require_POST
def diary_delete(request, pk):
    own(request.user, DiaryEntry, pk).delete()
    flash.success(request, _("The entry is deleted."))
    return redirect("accounts:companion-diary")


# --- check-ins -----------------------------------------------------------------


@login_required
@GET_POST
def checkin(request):
    today = _today()
    existing = mine(request.user, CheckIn).filter(day=today).first()
    form = CheckInForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        row = form.save(commit=False)
        row.owner, row.day = request.user, today
        row.save()
        flash.success(request, _("Thank you for checking in."))
        return redirect("accounts:companion-progress")
    return render(request, "accounts/companion/checkin.html", {"form": form, "existing": existing})


@login_required
@GET_POST
def sows_checkin(request):
    form = SowsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        answers = form.answers()
        score = SowsScore.objects.create(owner=request.user, answers=answers, total=sows.total(answers))
        return redirect("accounts:companion-sows-result", pk=score.pk)
    return render(request, "accounts/companion/sows.html", {"form": form})


@login_required
@require_GET
def sows_result(request, pk):
    score = own(request.user, SowsScore, pk)
    rows = list(zip(sows.ITEMS, score.answers, strict=False))
    context = {"score": score, "explanation": sows.explain(score.total), "rows": rows, "max": sows.MAX_TOTAL}
    return render(request, "accounts/companion/sows_result.html", context)


# --- taper plan ----------------------------------------------------------------


@login_required
@GET_POST
def taper_plan(request):
    today = _today()
    plan = progress.current_plan(request.user)
    form = TaperForm(request.POST or None, initial={"start_date": today})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            mine(request.user, TaperPlan).delete()  # one plan at a time: a new plan replaces the old
            plan = TaperPlan.objects.create(
                owner=request.user,
                medication=form.cleaned_data["medication"],
                start_date=form.cleaned_data["start_date"],
            )
            TaperStep.objects.bulk_create(
                TaperStep(plan=plan, order=i, dose=dose, unit=unit, days=days)
                for i, (dose, unit, days) in enumerate(form.cleaned_data["steps"])
            )
        flash.success(request, _("Your plan is saved."))
        return redirect("accounts:companion-taper")
    chart, schedule = progress.taper_chart(plan, today)
    context = {
        "plan": plan,
        "form": form,
        "step": taper.status(plan, today) if plan else None,
        "chart": chart,
        "schedule": schedule,
        "today": today,
    }
    return render(request, "accounts/companion/taper.html", context)


@login_required
@require_POST
def taper_change(request, pk):
    plan = own(request.user, TaperPlan, pk)
    action = request.POST.get("action")
    today = _today()
    if action == "pause":
        taper.pause(plan, today)
        flash.info(request, _("Paused. You stay on this step for as long as you need."))
    elif action == "resume":
        taper.resume(plan, today)
        flash.info(request, _("The plan goes on from where you paused."))
    elif action == "back":
        taper.go_back(plan, today)
        flash.info(request, _("You are back on the step before. Going at your own pace is part of the plan."))
    return redirect("accounts:companion-taper")


# --- appointments and reminders ------------------------------------------------


@login_required
@GET_POST
def reminders(request):
    appointment_form = AppointmentForm(request.POST if request.POST.get("form") == "appointment" else None)
    dose_form = DoseReminderForm(request.POST if request.POST.get("form") == "dose" else None, prefix="dose")
    if request.method == "POST":
        form = appointment_form if request.POST.get("form") == "appointment" else dose_form
        if form.is_bound and form.is_valid():
            row = form.save(commit=False)
            row.owner = request.user
            row.save()
            flash.success(request, _("Saved. The reminder will only say “You have a reminder”."))
            return redirect("accounts:companion-reminders")
    context = {
        "appointment_form": appointment_form,
        "dose_form": dose_form,
        "appointments": mine(request.user, Appointment).filter(at__gte=timezone.now() - timedelta(days=1)),
        "doses": mine(request.user, DoseReminder),
    }
    return render(request, "accounts/companion/reminders.html", context)


@login_required
@require_POST
def appointment_delete(request, pk):
    own(request.user, Appointment, pk).delete()
    return redirect("accounts:companion-reminders")


@login_required
@require_POST
def dose_delete(request, pk):
    own(request.user, DoseReminder, pk).delete()
    return redirect("accounts:companion-reminders")


# --- progress and milestones ---------------------------------------------------


@login_required
@require_GET
def progress_page(request):
    today = _today()
    checkins = progress.checkin_rows(request.user)
    scores = progress.sows_rows(request.user)
    plan = progress.current_plan(request.user)
    taper_chart, schedule = progress.taper_chart(plan, today)
    context = {
        "checkins": checkins,
        "checkin_chart": progress.checkin_chart(checkins),
        "scores": scores,
        "sows_chart": progress.sows_chart(scores),
        "plan": plan,
        "taper_chart": taper_chart,
        "schedule": schedule,
        "milestones": [(m, m.days(today)) for m in mine(request.user, Milestone)],
    }
    return render(request, "accounts/companion/progress.html", context)


@login_required
@GET_POST
def milestones(request):
    form = MilestoneForm(request.POST or None, initial={"since": _today()})
    if request.method == "POST" and form.is_valid():
        row = form.save(commit=False)
        row.owner = request.user
        row.save()
        return redirect("accounts:companion-milestones")
    today = _today()
    rows = [(m, m.days(today)) for m in mine(request.user, Milestone)]
    return render(request, "accounts/companion/milestones.html", {"form": form, "rows": rows})


@login_required
@require_POST
def milestone_delete(request, pk):
    own(request.user, Milestone, pk).delete()
    return redirect("accounts:companion-milestones")


# --- share with my group (a draft, sent only by the member) ---------------------


@login_required
@GET_POST
def share_diary(request, pk):
    entry = own(request.user, DiaryEntry, pk)
    return _share(request, share.diary_draft(entry), reverse("accounts:companion-diary-entry", args=[pk]))


@login_required
@GET_POST
def share_milestone(request, pk):
    milestone = own(request.user, Milestone, pk)
    return _share(request, share.milestone_draft(milestone, _today()), reverse("accounts:companion-milestones"))


def _share(request, draft, back):
    """GET: the draft in a composer. POST: the member's own send, through the pipeline, to the group's chat."""
    groups = share.groups_to_share_in(request.user)
    form = ShareForm(request.POST or None, groups=groups, initial={"text": draft})
    error = ""
    if request.method == "POST" and form.is_valid():
        group = group_access.access_group(request.user, form.cleaned_data["group"], group_access.Need.READ)
        result = pipeline.submit(request.user, group, form.cleaned_data["text"], topic=group.chat_topic())
        if result.ok:
            if result.outcome == pipeline.Outcome.HELD:
                flash.info(request, _("Thank you. Your message is waiting for a moderator.") + " " + result.reason)
            url = reverse("groups:chat", args=[group.slug]) + f"?sent={result.outcome}"
            return redirect(f"{url}&crisis=1" if result.crisis else url)
        error = result.reason
    context = {"form": form, "groups": groups, "error": error, "back": back}
    return render(request, "accounts/companion/share.html", context)


# --- information pages (public to members; staff write them) --------------------


def _info_pages(language=None):
    language = language or translation.get_language() or "en"
    pages = InfoPage.objects.filter(language=language)
    return pages if pages.exists() else InfoPage.objects.filter(language="en")


@login_required
@require_GET
def info_list(request):
    staff = group_access.acts_as_staff(request.user)
    pages = InfoPage.objects.all() if staff else _info_pages()
    return render(request, "accounts/companion/info_list.html", {"pages": pages, "staff": staff})


@login_required
@require_GET
def info_page(request, language, slug):
    page = InfoPage.objects.filter(language=language, slug=slug).first()
    if page is None:
        raise Http404(group_access.NOT_FOUND)
    html = sanitize.render_markdown(page.body)
    staff = group_access.acts_as_staff(request.user)
    return render(request, "accounts/companion/info_page.html", {"page": page, "html": html, "staff": staff})


@login_required
@GET_POST
def info_edit(request, pk=None):
    group_access.check_staff(request.user)
    page = InfoPage.objects.filter(pk=pk).first() if pk else None
    if pk and page is None:
        raise Http404(group_access.NOT_FOUND)
    form = InfoPageForm(request.POST or None, instance=page)
    if request.method == "POST" and form.is_valid():
        page = form.save(commit=False)
        page.updated_at = timezone.now()
        page.save()
        flash.success(request, _("The page is saved."))
        return redirect("accounts:companion-info-page", language=page.language, slug=page.slug)
    return render(request, "accounts/companion/info_edit.html", {"form": form, "page": page})
