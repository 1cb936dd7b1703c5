"""Survey pages. Each view authorises on its first line through groups.access (staff pages: check_staff)."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups import access
from groups.access import Need
from moderation.models import Alert
from peersupport.params import client_int

from . import answering, export, feedback, lifecycle, results
from .forms import AnswerForm, QuestionForm, ReviewForm, SurveyForm
from .models import Question, Survey


def _staff_survey(user, survey_id):
    access.check_staff(user)
    return get_object_or_404(Survey.objects.prefetch_related("groups"), pk=survey_id)


def _draft(survey):
    if survey.status != Survey.Status.DRAFT:
        raise PermissionDenied(_("A published survey cannot be changed: people may have answered it already."))


# --- staff -------------------------------------------------------------------------------------------------------


@login_required
def staff_list(request):
    access.check_staff(request.user)
    surveys = Survey.objects.prefetch_related("groups")
    return render(
        request,
        "surveys/staff_list.html",
        {
            "surveys": surveys.filter(kind=Survey.Kind.SURVEY),
            "feedback": surveys.filter(kind=Survey.Kind.ALERT_FEEDBACK)[:50],
        },
    )


@login_required
def survey_new(request):
    access.check_staff(request.user)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        survey = lifecycle.create_survey(request.user, form.save(commit=False), form.cleaned_data["groups"])
        messages.success(request, _("The draft is saved. Add its questions, then publish it."))
        return redirect("surveys:survey-detail", survey.pk)
    return render(request, "surveys/survey_form.html", {"form": form})


@login_required
def survey_detail(request, survey_id):
    survey = _staff_survey(request.user, survey_id)
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "survey": survey,
            "questions": survey.questions.prefetch_related("choices"),
            "question_form": QuestionForm() if survey.status == Survey.Status.DRAFT else None,
            "publish_refusal": lifecycle.publish_refusal(survey),
            "closed": results.is_closed(survey),
        },
    )


@login_required
def survey_edit(request, survey_id):
    survey = _staff_survey(request.user, survey_id)
    _draft(survey)
    form = SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            survey = form.save()
            survey.groups.set([] if survey.everyone else form.cleaned_data["groups"])
        messages.success(request, _("The draft is saved."))
        return redirect("surveys:survey-detail", survey.pk)
    return render(request, "surveys/survey_form.html", {"form": form, "survey": survey})


@login_required
def question_add(request, survey_id):
    survey = _staff_survey(request.user, survey_id)
    _draft(survey)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        lifecycle.add_question(
            survey, data["kind"], data["text"], data["labels"], data["low_label"], data["high_label"]
        )
        messages.success(request, _("The question is added."))
        return redirect("surveys:survey-detail", survey.pk)
    return render(request, "surveys/question_form.html", {"form": form, "survey": survey})


@login_required
@require_POST
def question_delete(request, survey_id, question_id):
    survey = _staff_survey(request.user, survey_id)
    _draft(survey)
    get_object_or_404(Question, survey=survey, pk=question_id).delete()
    messages.success(request, _("The question is removed."))
    return redirect("surveys:survey-detail", survey.pk)


@login_required
@require_POST
def survey_publish(request, survey_id):
    survey = _staff_survey(request.user, survey_id)
    if reason := lifecycle.publish_refusal(survey):
        messages.error(request, reason)
    else:
        lifecycle.publish(survey)
        messages.success(request, _("The survey is published. Members see the invitation from its opening day."))
    return redirect("surveys:survey-detail", survey.pk)


@login_required
@require_POST
def survey_close(request, survey_id):
    survey = _staff_survey(request.user, survey_id)
    if survey.status != Survey.Status.PUBLISHED:
        messages.error(request, _("Only a published survey can be closed."))
    else:
        lifecycle.close(survey)
        messages.success(request, _("The survey is closed. Nobody can answer any more, and the results are open."))
    return redirect("surveys:survey-detail", survey.pk)


def _by(request, survey):
    """The cross-tab dimension from ?by=: "group" or the id of one of the survey's choice questions (whitelisted)."""
    value = request.GET.get("by", "")
    if value == "group":
        return "group"
    question_id = client_int(value)
    if question_id is None:
        return None
    return survey.questions.exclude(kind=Question.Kind.TEXT).filter(pk=question_id).first()


@login_required
def survey_results(request, survey_id):
    survey = _staff_survey(request.user, survey_id)
    by = _by(request, survey)
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            "results": results.survey_results(survey, by),
            "by": by,
            "by_choices": survey.questions.exclude(kind=Question.Kind.TEXT),
            "has_text": survey.questions.filter(kind=Question.Kind.TEXT).exists(),
            "closed": results.is_closed(survey),
        },
    )


@login_required
def survey_results_csv(request, survey_id):
    survey = _staff_survey(request.user, survey_id)
    found = results.survey_results(survey, _by(request, survey))
    if found is None:
        raise PermissionDenied(_("The results open when the survey closes."))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-results.csv"'
    csv.writer(response).writerows(export.rows(survey, found))
    return response


@login_required
def survey_review(request, survey_id):
    survey = _staff_survey(request.user, survey_id)
    waiting = results.reviewable_answers(survey)
    if waiting is None:
        raise PermissionDenied(
            _("Free-text answers can be read once the results are open and enough people wrote one.")
        )
    form = ReviewForm(request.POST or None, answers=waiting)
    if request.method == "POST" and form.is_valid():
        results.record_review(form.decisions())
        messages.success(request, _("Thank you. The answers you chose to show are in the results."))
        return redirect("surveys:survey-results", survey.pk)
    return render(request, "surveys/review.html", {"survey": survey, "form": form})


# --- members ------------------------------------------------------------------------------------------------------


@login_required
def answer(request, survey_id, slug):
    survey, group = answering.access_open_survey(request.user, survey_id, slug)
    if answering.has_answered(survey, request.user):
        return render(request, "surveys/answered.html", {"survey": survey, "group": group, "already": True})
    form = AnswerForm(request.POST or None, survey=survey, user=request.user, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            answering.submit(request.user, survey, group, form.answers())
        except answering.AlreadyAnswered:
            return render(request, "surveys/answered.html", {"survey": survey, "group": group, "already": True})
        return render(request, "surveys/answered.html", {"survey": survey, "group": group, "crisis": form.crisis})
    return render(request, "surveys/answer.html", {"survey": survey, "group": group, "form": form})


@login_required
@require_POST
def alert_feedback(request, alert_id):
    group = access.access_group(request.user, request.POST.get("group", ""), Need.READ)
    alert = Alert.objects.filter(pk=alert_id).first()
    if alert is None or not feedback.sent_to(alert, group):
        raise Http404(access.NOT_FOUND)
    if not answering.may_answer_in(request.user, group):
        raise PermissionDenied(_("Feedback is for the members of the group. Thank you for looking."))
    choice = request.POST.get("useful", "")
    if not feedback.may_give_feedback(request.user, alert, group):
        messages.info(request, _("You have already told us. Thank you."))
    elif choice in feedback.CHOICES:
        try:
            feedback.give_feedback(request.user, alert, group, feedback.CHOICES[choice])
            messages.success(request, _("Thank you. Your answer is anonymous."))
        except answering.AlreadyAnswered:
            messages.info(request, _("You have already told us. Thank you."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = reverse("groups:group-home", args=[group.slug])
    return redirect(target)
