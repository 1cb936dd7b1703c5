"""URLs of the groups app (namespace "groups").

Membership and vetting routes live here; topic and chat routes in their own
modules, appended below.
"""

from django.urls import path  # noqa: F401

from .chat_urls import urlpatterns as chat_urlpatterns
from .topic_urls import urlpatterns as topic_urlpatterns

app_name = "groups"

urlpatterns = []

urlpatterns += topic_urlpatterns + chat_urlpatterns
