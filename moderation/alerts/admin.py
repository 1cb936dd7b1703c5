"""Admin for crisis resources (managed here) and a read-only view of alerts and bad-batch reports.

Alerts are published, edited and withdrawn on the alert pages, which push the
change to open pages; the admin only shows them.
"""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Alert, BadBatchReport, CrisisResource

VERIFY_NOTE = _(
    "Every entry is shown to people in crisis. Verify each one yourself before you tick “shown”: call the number, "
    "open the web address, check the opening hours and the languages spoken. Check them again every few months."
)


@admin.register(CrisisResource)
class CrisisResourceAdmin(admin.ModelAdmin):
    list_display = ["name", "language", "area", "phone", "position", "active"]
    list_filter = ["language", "active"]
    search_fields = ["name", "area", "description"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"description": VERIFY_NOTE, "fields": ["language", "area", "name", "phone", "url", "description"]}),
        (_("Showing"), {"fields": ["position", "active"]}),
    ]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ["title", "severity", "verified", "created_at", "expires_at", "withdrawn_at"]
    list_filter = ["severity", "verified"]
    exclude = ["body_html"]


@admin.register(BadBatchReport)
class BadBatchReportAdmin(ReadOnlyAdmin):
    list_display = ["received_on", "status", "where"]
    list_filter = ["status"]
