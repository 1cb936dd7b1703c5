"""WebSocket routes (peersupport/asgi.py wraps them in the origin allow-list and session auth)."""

from django.urls import path

from accounts.notifications.consumers import NotificationConsumer
from outreach.consumer import ConsultationConsumer

from .consumers import GroupConsumer
from .content.support_consumer import SupportConsumer

websocket_urlpatterns = [
    path("ws/groups/<slug:slug>/", GroupConsumer.as_asgi()),
    path("ws/notifications/", NotificationConsumer.as_asgi()),
    path("ws/support/<slug:slug>/<int:topic_id>/", SupportConsumer.as_asgi()),
    path("ws/outreach/<int:consultation_id>/", ConsultationConsumer.as_asgi()),
]
