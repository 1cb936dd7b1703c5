"""Staff's pages for groups (included by groups/urls.py before the group addresses, namespace "groups")."""

from django.urls import path

from . import views

urlpatterns = [
    path("staff/", views.staff_dashboard, name="staff-dashboard"),
    path("staff/new/", views.group_create, name="staff-group-create"),
    path("staff/<group:slug>/", views.group_edit, name="staff-group-edit"),
    path("staff/<group:slug>/archive/", views.group_archive, name="staff-group-archive"),
    path("staff/<group:slug>/unarchive/", views.group_unarchive, name="staff-group-unarchive"),
    path("staff/<group:slug>/moderators/", views.group_moderators, name="staff-moderators"),
    path("staff/<group:slug>/moderators/<id:user_id>/remove/", views.moderator_remove, name="staff-moderator-remove"),
]
