from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from giamngheo.reports.models import CommuneSummary, SignedReport


@admin.register(CommuneSummary)
class CommuneSummaryAdmin(admin.ModelAdmin):
    list_display = ["commune", "province", "year", "standard_id", "households", "people", "refreshed_at"]
    list_filter = ["year", "standard_id"]
    readonly_fields = [f.name for f in CommuneSummary._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(SignedReport)
class SignedReportAdmin(SimpleHistoryAdmin):
    list_display = ["title", "unit", "year", "period", "version", "state", "signed_by", "signed_at"]
    list_filter = ["kind", "state", "year"]
    exclude = ["data", "xlsx", "pdf"]
    readonly_fields = [f.name for f in SignedReport._meta.fields if f.name not in {"data", "xlsx", "pdf"}]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
