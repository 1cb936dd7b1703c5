"""The Django admin only inspects the desk: consultants and services. Consultations are private (never listed
here, staff see counts on the desk's counts page) and services are kept on the staff pages."""

from django.contrib import admin

from .models import Consultant, Service


@admin.register(Consultant)
class ConsultantAdmin(admin.ModelAdmin):
    list_display = ["user", "profession", "active"]
    list_filter = ["profession", "active"]
    raw_id_fields = ["user"]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "area", "published", "is_demo"]
    list_filter = ["kind", "area", "published", "is_demo"]
    search_fields = ["name", "area"]
