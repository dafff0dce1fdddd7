from django.contrib import admin

from .models import Attendance, AttendanceCorrection, Tally


class ReadOnlyAdmin(admin.ModelAdmin):
    """Attendance is evidence: it changes only through the site's corrections, which keep a
    trail, never by editing rows here."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "name", "residency", "method", "checked_in_at", "struck_out_at"]
    list_filter = ["residency", "method"]
    search_fields = ["name"]


@admin.register(Tally)
class TallyAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "people", "local_residents", "created_at", "struck_out_at"]


@admin.register(AttendanceCorrection)
class AttendanceCorrectionAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "action", "reason", "made_by", "made_at"]
