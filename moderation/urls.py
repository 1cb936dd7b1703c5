"""Moderation routes (namespace "moderation"); alert routes are appended from alert_urls.py."""

from .alert_urls import urlpatterns as alert_urlpatterns

app_name = "moderation"

urlpatterns = []

urlpatterns += alert_urlpatterns
