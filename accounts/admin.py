from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["display_name"]
    list_display = ["display_name", "email", "is_professional", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_professional", "is_staff", "is_superuser", "is_active"]
    search_fields = ["display_name", "email"]
    fieldsets = [
        (None, {"fields": ["email", "password", "display_name"]}),
        (_("Roles"), {"fields": ["is_professional", "is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Preferences"), {"fields": ["language", "email_frequency", "email_details", "discreet_mode"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "display_name", "password1", "password2"]})]
    # No filter_horizontal: its JavaScript widget puts aria-label on a span (axe aria-prohibited-attr); the plain
    # multiple select is accessible as it is.
    filter_horizontal = ()

    def get_queryset(self, request):
        # Visitors at the outreach desk (an account made for one consultation) are not people of the site:
        # the admin lists members and workers only (outreach/models.py DeskVisitor).
        return super().get_queryset(request).filter(desk_visitor__isnull=True)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    """Django's permission groups, with the plain multiple select for permissions (see UserAdmin)."""

    filter_horizontal = ()
