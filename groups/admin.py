"""Staff admin for groups. Invitation tokens are never shown (only their hash is stored, and hidden here too)."""

from django.contrib import admin

from .models import Ban, Group, GroupRules, Invitation, JoinAnswer, JoinRequest, Membership, MembershipQuestion


class GroupRulesInline(admin.StackedInline):
    model = GroupRules
    extra = 0
    fields = ["version", "text", "created_by", "created_at"]
    readonly_fields = ["created_by", "created_at"]


class MembershipQuestionInline(admin.TabularInline):
    model = MembershipQuestion
    extra = 0
    max_num = 5


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "joined_at", "muted_until", "rules_version_accepted"]
    readonly_fields = ["joined_at"]
    raw_id_fields = ["user"]


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "visibility", "join_policy"]
    list_filter = ["kind", "visibility", "join_policy"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [GroupRulesInline, MembershipQuestionInline, MembershipInline]


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
