"""Topic, message and chat routes (included by groups/urls.py, namespace "groups")."""

from django.urls import path

from . import mention_views, views

urlpatterns = [
    path("<group:slug>/topics/", views.topic_list, name="topic-list"),
    path("<group:slug>/topics/new/", views.topic_new, name="topic-new"),
    path("<group:slug>/topics/<id:topic_id>/", views.topic_detail, name="topic-detail"),
    path("<group:slug>/topics/<id:topic_id>/follow/", views.topic_follow, name="topic-follow"),
    path("<group:slug>/topics/<id:topic_id>/moderate/", views.topic_moderate, name="topic-moderate"),
    path("<group:slug>/messages/<id:message_id>/edit/", views.message_edit, name="message-edit"),
    path("<group:slug>/messages/<id:message_id>/delete/", views.message_delete, name="message-delete"),
    path("<group:slug>/messages/<id:message_id>/report/", views.message_report, name="message-report"),
    path("<group:slug>/messages/<id:message_id>/react/", views.message_react, name="message-react"),
    path("<group:slug>/chat/", views.chat_page, name="chat"),
    path("<group:slug>/chat/history", views.chat_history, name="chat-history"),
    path("<group:slug>/people/mention/", mention_views.mention_people, name="mention-people"),
]
