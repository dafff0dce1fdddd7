from django.contrib import admin

from .models import OutreachActivity


@admin.register(OutreachActivity)
class OutreachActivityAdmin(admin.ModelAdmin):
    list_display = ["assembly", "kind", "done_on", "people_reached"]
    list_filter = ["kind", "assembly"]
    raw_id_fields = ["meeting", "recorded_by"]
