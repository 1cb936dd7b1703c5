"""Topic and message routes (included by groups/urls.py, namespace "groups")."""

from django.urls import path

from . import topic_views as views

urlpatterns = [
    path("<slug:slug>/topics/", views.topic_list, name="topic-list"),
    path("<slug:slug>/topics/new/", views.topic_new, name="topic-new"),
    path("<slug:slug>/topics/<id:topic_id>/", views.topic_detail, name="topic-detail"),
    path("<slug:slug>/topics/<id:topic_id>/follow/", views.topic_follow, name="topic-follow"),
    path("<slug:slug>/topics/<id:topic_id>/moderate/", views.topic_moderate, name="topic-moderate"),
    path("<slug:slug>/messages/<id:message_id>/edit/", views.message_edit, name="message-edit"),
    path("<slug:slug>/messages/<id:message_id>/delete/", views.message_delete, name="message-delete"),
    path("<slug:slug>/messages/<id:message_id>/report/", views.message_report, name="message-report"),
]
