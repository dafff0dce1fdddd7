from django.contrib import admin

from .models import Network


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "supporter_threshold", "contact_email"]
    filter_horizontal = ["organisers"]

    def has_add_permission(self, request) -> bool:
        # One installation runs one network.
        return not Network.objects.exists()
