from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("staff/", views.staff_list, name="staff-list"),
    path("staff/new/", views.survey_new, name="survey-new"),
    path("staff/<id:survey_id>/", views.survey_detail, name="survey-detail"),
    path("staff/<id:survey_id>/edit/", views.survey_edit, name="survey-edit"),
    path("staff/<id:survey_id>/questions/new/", views.question_add, name="question-add"),
    path("staff/<id:survey_id>/questions/<id:question_id>/delete/", views.question_delete, name="question-delete"),
    path("staff/<id:survey_id>/publish/", views.survey_publish, name="survey-publish"),
    path("staff/<id:survey_id>/close/", views.survey_close, name="survey-close"),
    path("staff/<id:survey_id>/results/", views.survey_results, name="survey-results"),
    path("staff/<id:survey_id>/results.csv", views.survey_results_csv, name="survey-results-csv"),
    path("staff/<id:survey_id>/review/", views.survey_review, name="survey-review"),
    path("<id:survey_id>/<group:slug>/", views.answer, name="answer"),
    path("feedback/alert/<id:alert_id>/", views.alert_feedback, name="alert-feedback"),
]
