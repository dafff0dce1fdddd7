from django.contrib import admin

from .models import ProcessRecord, ProcessStep


@admin.register(ProcessStep)
class ProcessStepAdmin(admin.ModelAdmin):
    """The network's process template: networks reorder, rename, add and retire steps here."""

    list_display = ["position", "name", "rule", "days", "active"]
    list_display_links = ["name"]
    list_editable = ["position", "active"]
    list_filter = ["rule", "active"]


@admin.register(ProcessRecord)
class ProcessRecordAdmin(admin.ModelAdmin):
    list_display = ["meeting", "step", "met", "recorded_by", "recorded_at"]
    list_filter = ["met", "step"]
    raw_id_fields = ["meeting", "recorded_by"]
