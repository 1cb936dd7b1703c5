"""Admin: staff edit watched words; the moderation log is read-only for everyone."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ModerationLog, QueueItem, Report, WatchedWord


class LanguageFilter(admin.SimpleListFilter):
    """The words' languages by name; an empty language reads "Every language", never an empty link."""

    title = _("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        codes = model_admin.get_queryset(request).values_list("language", flat=True).distinct().order_by("language")
        return [(code or "-", code or _("Every language")) for code in codes]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(language="" if self.value() == "-" else self.value())


@admin.register(WatchedWord)
class WatchedWordAdmin(admin.ModelAdmin):
    list_display = ("pattern", "action", "is_regex", "language", "group", "reason")
    list_filter = ("action", LanguageFilter, "is_regex")
    search_fields = ("pattern", "reason")
    autocomplete_fields = ()
    raw_id_fields = ("group",)


@admin.register(ModerationLog)
class ModerationLogAdmin(admin.ModelAdmin):
    """Append-only: nobody adds, changes or deletes rows here (the model refuses too)."""

    list_display = ("created_at", "group", "action", "actor", "target_user", "reason_text")
    list_filter = ("action", "group")
    readonly_fields = [f.name for f in ModerationLog._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("message", "reporter", "rule", "created_at", "dismissed_at")
    raw_id_fields = ("message", "reporter")


@admin.register(QueueItem)
class QueueItemAdmin(admin.ModelAdmin):
    list_display = ("kind", "group", "status", "urgent", "created_at", "claimed_by")
    list_filter = ("kind", "status", "urgent", "group")
    raw_id_fields = ("message", "join_request", "claimed_by", "resolved_by")


from .alerts import admin as alerts_admin  # noqa: E402,F401  (alerts, bad batches and crisis resources)
from .duty import admin as duty_admin  # noqa: E402,F401  (the duty rota)
