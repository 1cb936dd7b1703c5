"""Duty rota routes, included by moderation/urls.py under "duty/" (namespace "moderation")."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.mine, name="duty-mine"),
    path("rota/", views.rota, name="duty-rota"),
    path("slots/new/", views.slot_new, name="duty-slot-new"),
    path("slots/<id:slot_id>/delete/", views.slot_delete, name="duty-slot-delete"),
    path("shifts/new/", views.shift_new, name="duty-shift-new"),
    path("shifts/<id:shift_id>/delete/", views.shift_delete, name="duty-shift-delete"),
]
