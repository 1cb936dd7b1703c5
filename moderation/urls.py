"""Moderation routes (namespace "moderation"); alert routes are appended from alerts/urls.py.

The routes that start with a group slug come after the alert routes, so a
fixed prefix such as "alerts/" is never read as a group's address.
"""

from django.urls import include, path

from . import views
from .alerts.urls import urlpatterns as alert_urlpatterns

app_name = "moderation"

urlpatterns = [
    path("", views.queue_page, name="queue"),
    path("batch/", views.queue_batch, name="queue-batch"),
]

urlpatterns += alert_urlpatterns
urlpatterns += [path("duty/", include("moderation.duty.urls"))]  # the rota (moderation/duty/)

urlpatterns += [
    path("<group:slug>/", views.group_queue, name="group-queue"),
    path("<group:slug>/log/", views.log, name="log"),
    path("<group:slug>/items/<id:item_id>/", views.item_detail, name="item-detail"),
    path("<group:slug>/items/<id:item_id>/claim/", views.item_claim, name="item-claim"),
    path("<group:slug>/items/<id:item_id>/release/", views.item_release, name="item-release"),
    path("<group:slug>/items/<id:item_id>/act/", views.item_act, name="item-act"),
    path("<group:slug>/items/<id:item_id>/handle/", views.item_handle, name="item-handle"),
    path("<group:slug>/messages/<id:message_id>/remove/", views.message_remove, name="message-remove"),
    path("<group:slug>/members/<id:user_id>/notes/", views.member_notes, name="member-notes"),
    path("<group:slug>/members/<id:user_id>/approve-all/", views.member_approve_all, name="member-approve-all"),
]
