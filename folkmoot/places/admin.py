from django.contrib import admin

from .forms import AreaPostcodeForm
from .models import Area, AreaPostcode


class AreaPostcodeInline(admin.TabularInline):
    model = AreaPostcode
    form = AreaPostcodeForm
    extra = 3


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "residents_estimate"]
    list_filter = ["kind"]
    search_fields = ["name", "postcodes__prefix"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AreaPostcodeInline]
