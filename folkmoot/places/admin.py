from django.contrib import admin

from .forms import AreaPostcodeForm
from .models import Area, AreaPostcode, PostcodeUnit


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


@admin.register(PostcodeUnit)
class PostcodeUnitAdmin(admin.ModelAdmin):
    """Full postcodes of an area, which outreach coverage counts against. Organisers usually
    paste them on the assembly's outreach postcodes page instead."""

    list_display = ["unit", "area", "households"]
    list_filter = ["area"]
    search_fields = ["unit", "area__name"]
    list_select_related = ["area"]
