from django.contrib import admin

from .models import AgendaItem, Meeting, Minutes


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 1


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["assembly", "title", "starts_at", "status", "invitation_published_at"]
    list_filter = ["status", "assembly"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["facilitator", "note_taker", "attendance_closed_by", "created_by"]
    readonly_fields = ["check_in_code", "attendance_closed_at", "attendance_closed_by"]
    inlines = [AgendaItemInline]


@admin.register(Minutes)
class MinutesAdmin(admin.ModelAdmin):
    list_display = ["meeting", "published_at", "members_only"]
    raw_id_fields = ["meeting", "written_by"]
