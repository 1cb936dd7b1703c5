"""Support conversation routes (included by groups/urls.py, namespace "groups")."""

from django.urls import path

from . import support_views

urlpatterns = [
    path("support/", support_views.support_list, name="support-list"),
    path("<group:slug>/support/", support_views.support_start, name="support-start"),
    path("<group:slug>/support/with/<id:user_id>/", support_views.support_open_for, name="support-open-for"),
    path("<group:slug>/support/<id:topic_id>/", support_views.support_detail, name="support-detail"),
    path("<group:slug>/support/<id:topic_id>/history", support_views.support_history, name="support-history"),
    path("<group:slug>/support/<id:topic_id>/end/", support_views.support_end, name="support-end"),
]
