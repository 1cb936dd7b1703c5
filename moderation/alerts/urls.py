"""Alert, bad-batch and crisis routes (included by moderation/urls.py, namespace "moderation")."""

from django.urls import path

from . import views

urlpatterns = [
    path("alerts/", views.alert_list, name="alert-list"),
    path("alerts/new/", views.alert_new, name="alert-new"),
    path("alerts/<id:alert_id>/edit/", views.alert_edit, name="alert-edit"),
    path("alerts/<id:alert_id>/withdraw/", views.alert_withdraw, name="alert-withdraw"),
    path("alerts/<id:alert_id>/seen/", views.alert_ack, name="alert-ack"),
    path("alerts/archive/<group:slug>/", views.alert_archive, name="alert-archive"),
    path("bad-batch/", views.bad_batch_list, name="bad-batch-list"),
    path("bad-batch/new/", views.bad_batch_new, name="bad-batch-new"),
    path("bad-batch/<id:report_id>/verify/", views.bad_batch_verify, name="bad-batch-verify"),
]
