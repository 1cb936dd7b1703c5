"""Topic, message and chat routes (included by groups/urls.py, namespace "groups")."""

from django.urls import path

from . import views

urlpatterns = [
    path("<slug:slug>/topics/", views.topic_list, name="topic-list"),
    path("<slug:slug>/topics/new/", views.topic_new, name="topic-new"),
    path("<slug:slug>/topics/<id:topic_id>/", views.topic_detail, name="topic-detail"),
    path("<slug:slug>/topics/<id:topic_id>/follow/", views.topic_follow, name="topic-follow"),
    path("<slug:slug>/topics/<id:topic_id>/moderate/", views.topic_moderate, name="topic-moderate"),
    path("<slug:slug>/messages/<id:message_id>/edit/", views.message_edit, name="message-edit"),
    path("<slug:slug>/messages/<id:message_id>/delete/", views.message_delete, name="message-delete"),
    path("<slug:slug>/messages/<id:message_id>/report/", views.message_report, name="message-report"),
    path("<slug:slug>/chat/", views.chat_page, name="chat"),
    path("<slug:slug>/chat/history", views.chat_history, name="chat-history"),
]
