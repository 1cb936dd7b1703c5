"""URLs of the groups app (namespace "groups"): each wing's routes, in the order they must be tried."""

from .content.support_urls import urlpatterns as support_urlpatterns
from .content.urls import urlpatterns as content_urlpatterns
from .membership.urls import urlpatterns as membership_urlpatterns
from .search.urls import urlpatterns as search_urlpatterns
from .staff.urls import urlpatterns as staff_urlpatterns

app_name = "groups"

# Support, search and staff first, so "support/", "search/" and "staff/" are never read as a group's address
# (groups/staff/actions.py gives no new group these addresses).
urlpatterns = (
    support_urlpatterns + search_urlpatterns + staff_urlpatterns + membership_urlpatterns + content_urlpatterns
)
