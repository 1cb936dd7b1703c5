"""Inspect the rota in the Django admin (staff edit it on the rota pages)."""

from django.contrib import admin

from .models import DutyShift, DutySlot, UrgentEscalation


@admin.register(DutySlot)
class DutySlotAdmin(admin.ModelAdmin):
    list_display = ["user", "group", "weekday", "start_time", "end_time"]
    list_filter = ["weekday", "group"]
    raw_id_fields = ["user"]


@admin.register(DutyShift)
class DutyShiftAdmin(admin.ModelAdmin):
    list_display = ["user", "group", "starts_at", "ends_at"]
    list_filter = ["group"]
    raw_id_fields = ["user"]


@admin.register(UrgentEscalation)
class UrgentEscalationAdmin(admin.ModelAdmin):
    list_display = ["item", "stage", "stage_at"]
    readonly_fields = ["item", "stage", "stage_at", "created_at"]
