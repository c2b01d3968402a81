from django.contrib import admin

from giamngheo.areas.models import AdminUnit, UnitSuccession
from giamngheo.core.text import fold


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "era", "area_type", "province"]
    list_filter = ["era", "level", "area_type"]
    search_fields = ["code", "name", "search_name"]
    raw_id_fields = ["parent", "province"]

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(
            request, queryset, fold(search_term) if search_term else search_term
        )


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ["old_unit", "new_unit", "is_default", "effective"]
    raw_id_fields = ["old_unit", "new_unit"]
