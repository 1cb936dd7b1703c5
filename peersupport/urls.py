from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, register_converter

from accounts import language
from groups.addresses import GroupAddressConverter

from . import views
from .params import IdConverter

register_converter(IdConverter, "id")  # before the apps' URLconfs below, which use them
register_converter(GroupAddressConverter, "group")

# The admin signs in through allauth, so its rate limits and 2FA apply.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Peersupport"

urlpatterns = [
    path("", views.home, name="home"),
    path("help/", views.crisis_help, name="crisis-help"),
    path("healthz", views.healthz, name="healthz"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("manifest-neutral.webmanifest", views.manifest, {"neutral": True}, name="manifest-neutral"),
    path("sw.js", views.service_worker, name="service-worker"),
    path("offline/", views.offline, name="offline"),
    path("i18n/setlang/", language.set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("account/", include("accounts.urls")),
    path("groups/", include("groups.urls")),
    path("moderation/", include("moderation.urls")),
    path("surveys/", include("surveys.urls")),
    path("desk/", include("outreach.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]
