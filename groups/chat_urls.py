"""Chat routes (included by groups/urls.py, namespace "groups")."""

urlpatterns = []
