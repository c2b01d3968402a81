from django.contrib import admin

from giamngheo.reports.models import CommuneSummary


@admin.register(CommuneSummary)
class CommuneSummaryAdmin(admin.ModelAdmin):
    list_display = ["commune", "province", "year", "standard_id", "households", "people", "refreshed_at"]
    list_filter = ["year", "standard_id"]
    readonly_fields = [f.name for f in CommuneSummary._meta.fields]

    def has_add_permission(self, request):
        return False
