from django.contrib import admin

from .models import (
    Assembly,
    Comment,
    CommentReport,
    Membership,
    Role,
    Supporter,
    SupportThresholdNotice,
    Theme,
)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    prepopulated_fields = {"slug": ["name"]}


class RoleInline(admin.TabularInline):
    model = Role
    extra = 1
    autocomplete_fields = ["person"]


@admin.register(Assembly)
class AssemblyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "theme", "area"]
    list_filter = ["kind", "theme"]
    search_fields = ["name", "area__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RoleInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "assembly", "residency", "joined_at", "left_at"]
    list_filter = ["residency", "assembly"]
    autocomplete_fields = ["person", "assembly"]


@admin.register(Supporter)
class SupporterAdmin(admin.ModelAdmin):
    list_display = ["name", "postcode", "assembly", "area", "confirmed_at", "created_at"]
    list_filter = ["assembly", "area"]
    search_fields = ["name", "email", "postcode"]
    readonly_fields = ["token", "created_at", "confirmed_at", "consented_at"]


@admin.register(SupportThresholdNotice)
class SupportThresholdNoticeAdmin(admin.ModelAdmin):
    list_display = ["key", "area", "supporter_count", "sent_at"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["assembly", "author", "created_at", "hidden_at"]
    list_filter = ["assembly"]


@admin.register(CommentReport)
class CommentReportAdmin(admin.ModelAdmin):
    list_display = ["comment", "reporter", "created_at"]
