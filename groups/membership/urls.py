"""Joining, vetting and managing a group (included by groups/urls.py, namespace "groups")."""

from django.urls import path

from accounts import ignore_views

from . import manage_views, views

urlpatterns = [
    path("", views.group_list, name="group-list"),
    # Before "<slug>/...": an invitation link never collides with a group address.
    path("invite/", views.invitation_link, name="invitation-link"),
    path("invite/continue/", views.invitation_resume, name="invitation-resume"),
    path("invite/<str:token>/", views.invitation_open, name="invitation-open"),
    path("<group:slug>/", views.group_home, name="group-home"),
    path("<group:slug>/rules/", views.group_rules, name="group-rules"),
    path("<group:slug>/rules/edit/", manage_views.rules_edit, name="rules-edit"),
    path("<group:slug>/questions/edit/", manage_views.questions_edit, name="questions-edit"),
    path("<group:slug>/join/", views.join_request, name="join-request"),
    path("<group:slug>/requests/<id:pk>/", views.join_request_detail, name="join-request-detail"),
    path("<group:slug>/requests/<id:pk>/withdraw/", views.join_request_withdraw, name="join-request-withdraw"),
    path("<group:slug>/requests/<id:pk>/decide/", views.join_request_decide, name="join-request-decide"),
    path("<group:slug>/invitations/", views.invitation_list, name="invitation-list"),
    path("<group:slug>/invitations/new/", views.invitation_create, name="invitation-create"),
    path("<group:slug>/invitations/<id:pk>/revoke/", views.invitation_revoke, name="invitation-revoke"),
    path("<group:slug>/members/", manage_views.member_list, name="member-list"),
    path("<group:slug>/members/moderators/add/", manage_views.moderator_add, name="moderator-add"),
    path("<group:slug>/members/<id:user_id>/remove/", manage_views.member_act, {"act": "remove"}, name="member-remove"),
    path("<group:slug>/members/<id:user_id>/ban/", manage_views.member_act, {"act": "ban"}, name="member-ban"),
    path("<group:slug>/members/<id:user_id>/mute/", manage_views.member_act, {"act": "mute"}, name="member-mute"),
    path("<group:slug>/members/<id:user_id>/role/", manage_views.member_act, {"act": "role"}, name="member-role"),
    path("<group:slug>/members/<id:user_id>/ignore/", ignore_views.member_ignore, name="member-ignore"),
    path("<group:slug>/bans/", manage_views.ban_list, name="ban-list"),
    path("<group:slug>/bans/<id:ban_id>/lift/", manage_views.ban_lift, name="ban-lift"),
    path("<group:slug>/leave/", manage_views.group_leave, name="group-leave"),
    path("<group:slug>/my-standing/", manage_views.my_standing, name="my-standing"),
]
