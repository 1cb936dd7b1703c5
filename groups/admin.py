"""Staff admin for groups. Invitation tokens are never shown (only their hash is stored, and hidden here too)."""

from django.contrib import admin

from . import access
from .models import Ban, Group, GroupRules, Invitation, JoinAnswer, JoinRequest, Membership, MembershipQuestion


class InspectOnly:
    """An inline to look at, not to change: these rows change through the product's own pages, whose actions
    check the rules and write the moderation log (the admin would do neither)."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class GroupRulesInline(InspectOnly, admin.StackedInline):
    model = GroupRules
    fields = ["version", "language", "text", "created_by", "created_at"]


class MembershipQuestionInline(InspectOnly, admin.TabularInline):
    model = MembershipQuestion
    fields = ["language", "position", "text"]


class MembershipInline(InspectOnly, admin.TabularInline):
    """Roles are read-only here, on purpose: appointing goes through staff's moderator page, whose action
    (groups/membership/members.py set_member_role) keeps professionals to moderating, logs the change and tells
    the members when a professional starts reading the group. An admin form would skip all three."""

    model = Membership
    fields = ["user", "role", "joined_at", "muted_until", "rules_version_accepted"]


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    """Groups are created on staff's own page (groups/staff/); here they are inspected, and their settings
    checked by the model (a hidden group that takes requests is refused here too)."""

    list_display = ["name", "slug", "kind", "visibility", "join_policy"]
    list_filter = ["kind", "visibility", "join_policy"]
    search_fields = ["name", "slug"]
    readonly_fields = ["slug", "languages", "created_at"]
    inlines = [GroupRulesInline, MembershipQuestionInline, MembershipInline]

    def has_add_permission(self, request):
        return False


@admin.register(GroupRules)
class GroupRulesAdmin(admin.ModelAdmin):
    """A version nobody accepted yet may be corrected here; a version some member accepted is what they
    agreed to, so it stays as it is (publish a new version on the group's rules page instead)."""

    list_display = ["group", "version", "language", "created_at"]
    list_filter = ["language", "group"]
    fields = ["group", "version", "language", "text", "created_by", "created_at"]
    readonly_fields = ["group", "version", "language", "created_by", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or not access.rules_accepted(obj.group_id, obj.version))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and obj is not None and not access.rules_accepted(obj.group_id, obj.version)


@admin.register(Ban)
class BanAdmin(admin.ModelAdmin):
    list_display = ["group", "user", "created_at", "ends_at", "lifted_at"]
    list_filter = ["group"]
    raw_id_fields = ["user", "banned_by"]
    readonly_fields = ["created_at"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["group", "created_by", "note", "uses", "max_uses", "expires_at", "revoked_at"]
    list_filter = ["group"]
    exclude = ["token_hash"]
    readonly_fields = ["group", "created_by", "uses", "created_at"]

    def has_add_permission(self, request):
        # A link is shown once when made; make them on the group's invitation page.
        return False


class JoinAnswerInline(admin.StackedInline):
    model = JoinAnswer
    extra = 0
    can_delete = False
    readonly_fields = ["question_text", "answer"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["group", "user", "status", "created_at", "decided_at"]
    list_filter = ["group", "status"]
    raw_id_fields = ["user", "decided_by", "invitation"]
    readonly_fields = ["created_at", "answers_purged_at"]
    inlines = [JoinAnswerInline]
