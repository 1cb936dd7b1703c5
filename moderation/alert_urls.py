"""Alert, bad-batch and crisis routes (included by moderation/urls.py, namespace "moderation")."""

urlpatterns = []
