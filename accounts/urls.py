from django.urls import include, path

from . import ignore_views, quick_exit, views
from .notifications import push_views
from .notifications import views as notification_views

app_name = "accounts"

urlpatterns = [
    path("notifications/", notification_views.notification_list, name="notifications"),
    path("notifications/<id:pk>/read/", notification_views.notification_read, name="notification-read"),
    path("notifications/read-all/", notification_views.notifications_read_all, name="notifications-read-all"),
    path("settings/", views.account_settings, name="settings"),
    path("ignored/", ignore_views.ignored_list, name="ignored"),
    path("ignored/<id:user_id>/stop/", ignore_views.ignored_stop, name="ignored-stop"),
    path("push/", push_views.push_subscribe, name="push-subscribe"),
    path("push/off/", push_views.push_unsubscribe, name="push-unsubscribe"),
    path("delete/", views.account_delete, name="account-delete"),
    path("data/", views.account_export, name="data-export"),
    path("quick-exit/", quick_exit.quick_exit_sign_out, name="quick-exit"),
    path("", include("accounts.companion.urls")),
]
