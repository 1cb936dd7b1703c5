"""Chat routes (included by groups/urls.py, namespace "groups")."""

from django.urls import path

from . import chat_views

urlpatterns = [
    path("<slug:slug>/chat/", chat_views.chat_page, name="chat"),
    path("<slug:slug>/chat/history", chat_views.chat_history, name="chat-history"),
]
