"""Moderation routes (namespace "moderation")."""

app_name = "moderation"

urlpatterns = []
