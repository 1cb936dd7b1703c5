"""URLs of the groups app (namespace "groups").

Membership and vetting routes live here; topic and chat routes in their own
modules, appended below.
"""

from django.urls import path

from . import views
from .chat_urls import urlpatterns as chat_urlpatterns
from .content.support_urls import urlpatterns as support_urlpatterns
from .topic_urls import urlpatterns as topic_urlpatterns

app_name = "groups"

urlpatterns = [
    path("", views.group_list, name="group-list"),
    # Before "<slug>/...": an invitation link never collides with a group address.
    path("invite/continue/", views.invitation_resume, name="invitation-resume"),
    path("invite/<str:token>/", views.invitation_open, name="invitation-open"),
    path("<slug:slug>/", views.group_home, name="group-home"),
    path("<slug:slug>/rules/", views.group_rules, name="group-rules"),
    path("<slug:slug>/rules/edit/", views.rules_edit, name="rules-edit"),
    path("<slug:slug>/questions/edit/", views.questions_edit, name="questions-edit"),
    path("<slug:slug>/join/", views.join_request, name="join-request"),
    path("<slug:slug>/requests/<id:pk>/", views.join_request_detail, name="join-request-detail"),
    path("<slug:slug>/requests/<id:pk>/withdraw/", views.join_request_withdraw, name="join-request-withdraw"),
    path("<slug:slug>/requests/<id:pk>/decide/", views.join_request_decide, name="join-request-decide"),
    path("<slug:slug>/invitations/", views.invitation_list, name="invitation-list"),
    path("<slug:slug>/invitations/new/", views.invitation_create, name="invitation-create"),
    path("<slug:slug>/invitations/<id:pk>/revoke/", views.invitation_revoke, name="invitation-revoke"),
    path("<slug:slug>/members/", views.member_list, name="member-list"),
    path("<slug:slug>/members/moderators/add/", views.moderator_add, name="moderator-add"),
    path("<slug:slug>/members/<id:user_id>/remove/", views.member_remove, name="member-remove"),
    path("<slug:slug>/members/<id:user_id>/ban/", views.member_ban, name="member-ban"),
    path("<slug:slug>/members/<id:user_id>/mute/", views.member_mute, name="member-mute"),
    path("<slug:slug>/members/<id:user_id>/role/", views.member_role, name="member-role"),
    path("<slug:slug>/bans/", views.ban_list, name="ban-list"),
    path("<slug:slug>/bans/<id:ban_id>/lift/", views.ban_lift, name="ban-lift"),
    path("<slug:slug>/leave/", views.group_leave, name="group-leave"),
    path("<slug:slug>/my-standing/", views.my_standing, name="my-standing"),
]

urlpatterns += topic_urlpatterns + chat_urlpatterns
# First, so "support/" (the list of one's support conversations) is never read as a group's address.
urlpatterns = support_urlpatterns + urlpatterns
